package com.outreachpilot.contacts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.contacts.domain.ContactFields;
import com.outreachpilot.contacts.domain.ContactService;
import com.outreachpilot.contacts.repository.ContactRepository;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.data.idempotency.Idempotent;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Contacts, exactly as the API reference describes them (scope {@code contacts}). */
@Path("/api/v1/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Contacts")
public class ContactsResource {

    /** {@code data} of an import: the contacts and how many there are. */
    public record ImportResult(List<ContactView> contacts, int count) {
    }

    @Inject
    Caller caller;

    @Inject
    ContactService contacts;

    @Inject
    ObjectMapper mapper;

    @GET
    @Operation(summary = "List contacts with pagination and filtering")
    public Uni<ApiResponse<List<ContactView>>> list(@BeanParam PageParams paging, @QueryParam("status") String status,
            @QueryParam("folder_id") String folderId, @QueryParam("search") String search,
            @QueryParam("updated_since") String updatedSince) {
        var page = paging.toRequest();
        if (status != null && !ContactFields.STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of new, active, replied, bounced, unsubscribed");
        }
        UUID folder = null;
        if (folderId != null && !folderId.isBlank()) {
            try {
                folder = UUID.fromString(folderId);
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("folder_id", "must be a folder id");
            }
        }
        Instant since = null;
        if (updatedSince != null && !updatedSince.isBlank()) {
            try {
                since = Instant.parse(updatedSince.trim());
            } catch (DateTimeParseException e) {
                throw ApiException.invalid("updated_since", "must be an ISO-8601 time such as 2026-03-08T10:00:00Z");
            }
        }
        String term = search == null || search.isBlank() ? null : search.trim();
        return contacts.list(caller.orgId(), new ContactRepository.Filter(status, folder, term, since), page)
                .map(ApiResponse::page);
    }

    @POST
    @Idempotent
    @Operation(summary = "Create one or many contacts (up to 1,000). Supports upsert")
    public Uni<RestResponse<ApiResponse<ImportResult>>> create(JsonNode body) {
        ImportBody<ContactFields> batch = ImportBody.read(body, "contacts", mapper, ContactFields::new,
                (fields, prefix) -> fields.problems(prefix, true));
        return contacts.importContacts(caller.orgId(), batch.items(), batch.upsert(), batch.itemPrefix())
                .map(imported -> RestResponse.status(
                        imported.created() > 0 ? RestResponse.Status.CREATED : RestResponse.Status.OK,
                        ApiResponse.ok(new ImportResult(imported.contacts(), imported.contacts().size()))));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a single contact by ID")
    public Uni<ApiResponse<ContactView>> get(@PathParam("id") String id) {
        return contacts.get(caller.orgId(), Ids.uuidOrNotFound(id, "Contact")).map(ApiResponse::ok);
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    @Operation(summary = "Update a contact. Only provided fields are changed")
    public Uni<ApiResponse<ContactView>> update(@PathParam("id") String id, JsonNode body) {
        UUID contactId = Ids.uuidOrNotFound(id, "Contact");
        ContactFields fields = ImportBody.readUpdate(body, mapper, ContactFields::new,
                (given, prefix) -> given.problems(prefix, false));
        return contacts.update(caller.orgId(), contactId, fields).map(ApiResponse::ok);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a contact permanently")
    public Uni<ApiResponse<Map<String, Object>>> delete(@PathParam("id") String id) {
        return contacts.delete(caller.orgId(), Ids.uuidOrNotFound(id, "Contact"))
                .map(deleted -> ApiResponse.ok(Map.of("deleted", true, "id", deleted.toString())));
    }
}
