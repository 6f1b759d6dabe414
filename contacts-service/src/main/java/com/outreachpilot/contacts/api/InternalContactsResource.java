package com.outreachpilot.contacts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.outreachpilot.contacts.domain.ContactFilter;
import com.outreachpilot.contacts.domain.ContactService;
import com.outreachpilot.contacts.domain.InvalidItems;
import com.outreachpilot.platform.auth.RequiresScope;
import com.outreachpilot.platform.auth.Scopes;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What other services (campaign triggers, chat tools) need from contacts, on behalf of the organization in
 * the token they forward. The gateway never routes {@code /internal}, so customers cannot call these.
 */
// a campaign trigger finds or creates its contact with the caller's campaigns key
@RequiresScope({Scopes.CONTACTS, Scopes.CAMPAIGNS})
@Path("/internal/v1/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class InternalContactsResource {

    static final int MAX_IDS = 1000;

    /** A contact and whether this call created it. */
    public record FoundOrCreated(ContactView contact, boolean created) {
    }

    /** {@code {ids: [...]}}: any value that is not a contact id of the organization names no contact. */
    public record ByIds(
            @NotNull(message = "must be an array of at most " + MAX_IDS + " contact ids")
            @Size(max = MAX_IDS, message = "must be an array of at most " + MAX_IDS + " contact ids")
            List<JsonNode> ids) {
    }

    @Inject
    Caller caller;

    @Inject
    ContactService contacts;

    @Inject
    RequestBodies bodies;

    @POST
    @Path("/find-or-create")
    @Operation(summary = "The contact with this email, created from {email, first_name?, last_name?, company?, ...} if new")
    public Uni<ApiResponse<FoundOrCreated>> findOrCreate(JsonNode body) {
        var fields = bodies.readOne(body, ContactInput.SHAPE, Default.class, ContactInput.Creating.class).toFields();
        return contacts.findOrCreate(caller.orgId(), fields)
                .onFailure(InvalidItems.class).transform(e -> RequestBodies.Import.ONE.named((InvalidItems) e))
                .map(found -> ApiResponse.ok(new FoundOrCreated(ContactView.of(found.contact()), found.created())));
    }

    @POST
    @Path("/by-ids")
    @Operation(summary = "The organization's contacts among {ids: [...]} (up to 1,000), in that order; unknown ids are left out")
    public Uni<ApiResponse<List<ContactView>>> byIds(@Valid @NotNull ByIds body) {
        List<UUID> wanted = new ArrayList<>();
        for (JsonNode id : body.ids()) {
            try {
                wanted.add(UUID.fromString(id.asText()));
            } catch (IllegalArgumentException e) {
                // a malformed id names no contact, like an unknown one
            }
        }
        return contacts.byIds(caller.orgId(), wanted).map(found -> ApiResponse.ok(found.stream().map(ContactView::of).toList()));
    }

    @GET
    @Path("/search")
    @Operation(summary = "Contacts matching ?search= (names, email, company, title), paginated like the public list")
    public Uni<ApiResponse<List<ContactView>>> search(@BeanParam PageParams paging, @QueryParam("search") String search,
            @QueryParam("status") String status) {
        var page = paging.toRequest();
        var filter = new ContactFilter(ContactsResource.status(status), null, ContactsResource.term(search), null,
                null, null, null);
        return contacts.list(caller.orgId(), filter, page, null).map(found -> ApiResponse.page(found.page().map(ContactView::of))
                .withMeta("has_more", found.hasMore()).withMeta("total_exact", found.totalExact()));
    }
}
