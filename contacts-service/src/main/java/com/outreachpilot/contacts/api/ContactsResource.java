package com.outreachpilot.contacts.api;

import com.outreachpilot.platform.api.Deleted;
import com.fasterxml.jackson.databind.JsonNode;
import com.outreachpilot.contacts.domain.ContactFields;
import com.outreachpilot.contacts.domain.ContactFilter;
import com.outreachpilot.contacts.domain.ContactPosition;
import com.outreachpilot.contacts.domain.ContactService;
import com.outreachpilot.contacts.domain.InvalidItems;
import com.outreachpilot.platform.auth.RequiresScope;
import com.outreachpilot.platform.auth.Scopes;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.Times;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.data.idempotency.Idempotent;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.groups.Default;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import com.outreachpilot.platform.api.SuccessStatuses;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Contacts, exactly as the API reference describes them (scope {@code contacts}). */
@RequiresScope(Scopes.CONTACTS)
@Path("/api/v1/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts")
public class ContactsResource {

    /** The latest {@code updated_since} taken: the end of year 9999. */

    /** {@code data} of an import: the contacts and how many there are. */
    public record ContactImportResult(List<ContactView> contacts, int count) {
    }

    @Inject
    Caller caller;

    @Inject
    ContactService contacts;

    @Inject
    RequestBodies bodies;

    @GET
    @Operation(operationId = "listContacts", summary = "List contacts with pagination and filtering",
            description = "Every filter given must hold, within your organization; `meta.total` counts the rows"
                    + " that match them all: exactly up to 5,000 matches (`meta.total_exact: true`); past that an estimate from a"
                    + " sample of the table, to three significant digits (`meta.total_exact: false`), so a broad search"
                    + " answers as fast as a narrow one. `meta.has_more` and `meta.next_cursor` are always exact."
                    + ListFilters.CONTEXT_DESCRIPTION)
    public Uni<ApiResponse<List<ContactView>>> list(@BeanParam PageParams paging,
            @Parameter(description = "Only contacts with this status", schema = @Schema(type = SchemaType.STRING, enumeration = {"new", "active",
                    "replied", "bounced", "unsubscribed"}))
            @QueryParam("status") String status,
            @Parameter(description = "Only contacts in this folder (its id)", schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            @QueryParam("folder_id") String folderId,
            @Parameter(description = "Names, email, company and title contain this text, ignoring case; % and _ are"
                    + " not wildcards")
            @QueryParam("search") String search,
            @Parameter(description = "Only contacts changed at or after this ISO-8601 time, listed oldest change first")
            @QueryParam("updated_since") String updatedSince,
            @Parameter(description = "Only contacts linked to this company (its id); an unknown id lists none")
            @QueryParam("account_id") String accountId,
            @Parameter(description = "The title contains this text, ignoring case (`vp` finds \"VP of Sales\" and"
                    + " \"SVP Marketing\"); % and _ are not wildcards; at most " + ListFilters.MAX_FILTER_TEXT
                    + " characters")
            @QueryParam("title") String title,
            @Parameter(description = "meta.next_cursor of the previous page: the next page starts right after its"
                    + " last contact, as fast at page 5,000 as at page 1 (instead of offset, which must then be 0 or"
                    + " left out; keep the other parameters as they were)")
            @QueryParam("after") String after,
            @Context UriInfo uri) {
        var page = paging.toRequest();
        UUID folder = null;
        if (folderId != null && !folderId.isBlank()) {
            try {
                folder = UUID.fromString(folderId);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("folder_id", "must be a folder id");
            }
        }
        Instant since = Times.since("updated_since", updatedSince);
        var filter = new ContactFilter(status(status), folder, term(search), since,
                ListFilters.uuid("account_id", accountId, "must be a company id"),
                ListFilters.text("title", title, ListFilters.MAX_FILTER_TEXT), ListFilters.context(uri));
        ContactPosition position = null;
        if (after != null && !after.isBlank()) {
            if (page.offset() != 0) {
                throw ApiException.invalid("offset", "cannot be combined with after (the cursor is the position)");
            }
            position = ContactPosition.parse(after.trim(), since != null);
        }
        return contacts.list(caller.orgId(), filter, page, position).map(found ->
                ApiResponse.page(found.page().map(ContactView::of))
                        .withMeta("has_more", found.hasMore()).withMeta("next_cursor", found.nextCursor())
                        .withMeta("total_exact", found.totalExact()));
    }

    @POST
    @Idempotent
    @Extension(name = SuccessStatuses.EXTENSION, value = "200,201")
    @Operation(operationId = "createContacts", summary = "Create one or many contacts (up to 1,000). Supports upsert")
    public Uni<RestResponse<ApiResponse<ContactImportResult>>> create(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ContactSchemas.CreateContacts.class),
                    examples = {@ExampleObject(name = "one", summary = "The API reference's example", value = "{\"email\":\"john@acme.com\",\"first_name\":\"John\",\"company\":\"Acme\"}"),
                            @ExampleObject(name = "batch", summary = "Two contacts, updated when their email exists; deal_stage goes into context", value = "{\"contacts\":[{\"email\":\"john@acme.com\",\"first_name\":\"John\"},{\"email\":\"jane@acme.com\",\"first_name\":\"Jane\",\"deal_stage\":\"demo\"}],\"upsert\":true}")}))
            JsonNode body) {
        RequestBodies.Import<ContactInput> batch = bodies.readImport(body, "contacts", ContactInput.Import.SHAPE,
                ContactInput.SHAPE, Default.class, ContactInput.Creating.class);
        List<ContactFields> items = batch.items().stream().map(ContactInput::toFields).toList();
        return contacts.importContacts(caller.orgId(), items, batch.upsert())
                .onFailure(InvalidItems.class).transform(e -> batch.named((InvalidItems) e))
                .map(imported -> RestResponse.status(
                        imported.created() > 0 ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        ApiResponse.ok(new ContactImportResult(imported.contacts().stream().map(ContactView::of).toList(),
                                imported.contacts().size()))));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getContact", summary = "Get a single contact by ID")
    public Uni<ApiResponse<ContactView>> get(@PathParam("id") String id) {
        return contacts.get(caller.orgId(), Ids.uuidOrNotFound(id, "Contact")).map(c -> ApiResponse.ok(ContactView.of(c)));
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    @Operation(operationId = "updateContact", summary = "Update a contact. Only provided fields are changed")
    public Uni<ApiResponse<ContactView>> update(@PathParam("id") String id,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ContactInput.class),
                    examples = @ExampleObject(name = "title", summary = "The API reference's example", value = "{\"title\":\"VP of Sales\"}")))
            JsonNode body) {
        UUID contactId = Ids.uuidOrNotFound(id, "Contact");
        ContactFields fields = bodies.readOne(body, ContactInput.SHAPE).toFields();
        return contacts.update(caller.orgId(), contactId, fields)
                .onFailure(InvalidItems.class).transform(e -> RequestBodies.Import.ONE.named((InvalidItems) e))
                .map(c -> ApiResponse.ok(ContactView.of(c)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteContact", summary = "Delete a contact permanently")
    public Uni<ApiResponse<Deleted>> delete(@PathParam("id") String id) {
        return contacts.delete(caller.orgId(), Ids.uuidOrNotFound(id, "Contact"))
                .map(deleted -> ApiResponse.ok(Deleted.of(deleted)));
    }

    /** A {@code status} filter: one of the statuses, or null for any. */
    static String status(String status) {
        if (status != null && !ContactFields.STATUSES.contains(status)) {
            throw ApiException.invalid("status", ContactInput.STATUS);
        }
        return status;
    }

    /** A {@code search} term: trimmed, null when blank. */
    static String term(String search) {
        if (search != null && search.indexOf('\u0000') >= 0) {
            throw ApiException.invalid("search", "must not contain the NUL character (\\u0000)");
        }
        return search == null || search.isBlank() ? null : search.trim();
    }
}
