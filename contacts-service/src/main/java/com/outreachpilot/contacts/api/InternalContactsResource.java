package com.outreachpilot.contacts.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.contacts.domain.ContactFields;
import com.outreachpilot.contacts.domain.ContactService;
import com.outreachpilot.contacts.repository.ContactRepository;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
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
@Path("/internal/v1/contacts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Internal")
public class InternalContactsResource {

    static final int MAX_IDS = 1000;

    /** A contact and whether this call created it. */
    public record FoundOrCreated(ContactView contact, boolean created) {
    }

    @Inject
    Caller caller;

    @Inject
    ContactService contacts;

    @Inject
    ObjectMapper mapper;

    @POST
    @Path("/find-or-create")
    @Operation(summary = "The contact with this email, created from {email, first_name?, last_name?, company?, ...} if new")
    public Uni<ApiResponse<FoundOrCreated>> findOrCreate(JsonNode body) {
        ContactFields fields = ImportBody.readUpdate(body, mapper, ContactFields::new,
                (given, prefix) -> given.problems(prefix, true));
        return contacts.findOrCreate(caller.orgId(), fields)
                .map(result -> ApiResponse.ok(new FoundOrCreated(result.contacts().get(0), result.created() > 0)));
    }

    @POST
    @Path("/by-ids")
    @Operation(summary = "The organization's contacts among {ids: [...]} (up to 1,000), in that order; unknown ids are left out")
    public Uni<ApiResponse<List<ContactView>>> byIds(JsonNode body) {
        JsonNode ids = body == null ? null : body.get("ids");
        if (ids == null || !ids.isArray() || ids.size() > MAX_IDS) {
            throw ApiException.invalid("ids", "must be an array of at most " + MAX_IDS + " contact ids");
        }
        List<UUID> wanted = new ArrayList<>();
        for (JsonNode id : ids) {
            try {
                wanted.add(UUID.fromString(id.asText()));
            } catch (IllegalArgumentException e) {
                // a malformed id names no contact, like an unknown one
            }
        }
        return contacts.byIds(caller.orgId(), wanted).map(ApiResponse::ok);
    }

    @GET
    @Path("/search")
    @Operation(summary = "Contacts matching ?search= (names, email, company, title), paginated like the public list")
    public Uni<ApiResponse<List<ContactView>>> search(@BeanParam PageParams paging, @QueryParam("search") String search,
            @QueryParam("status") String status) {
        var page = paging.toRequest();
        if (status != null && !ContactFields.STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of new, active, replied, bounced, unsubscribed");
        }
        String term = search == null || search.isBlank() ? null : search.trim();
        return contacts.list(caller.orgId(), new ContactRepository.Filter(status, null, term, null), page)
                .map(ApiResponse::page);
    }
}
