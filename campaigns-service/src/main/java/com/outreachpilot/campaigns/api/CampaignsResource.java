package com.outreachpilot.campaigns.api;

import com.outreachpilot.platform.api.Deleted;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.outreachpilot.campaigns.domain.Campaign;
import com.outreachpilot.campaigns.domain.CampaignService;
import com.outreachpilot.campaigns.domain.Enrollment;
import com.outreachpilot.campaigns.domain.EnrollmentService;
import com.outreachpilot.platform.auth.RequiresScope;
import com.outreachpilot.platform.auth.Scopes;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.data.idempotency.Idempotent;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.groups.ConvertGroup;
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
import jakarta.ws.rs.core.MediaType;
import com.outreachpilot.platform.api.SuccessStatuses;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;
import java.util.UUID;

/** Campaigns (scope {@code campaigns}): trigger and status exactly as the API reference shows, and their management. */
@RequiresScope(Scopes.CAMPAIGNS)
@Path("/api/v1/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Campaigns")
public class CampaignsResource {

    /** {@code data} of a trigger: the reference's three keys, and {@code already_enrolled: true} when it was. */
    public record TriggerResult(boolean triggered, String campaignId, String contactId,
                                @JsonInclude(JsonInclude.Include.NON_NULL) Boolean alreadyEnrolled) {
    }


    @Inject
    Caller caller;

    @Inject
    CampaignService campaigns;

    @Inject
    EnrollmentService audience;

    @GET
    @Operation(operationId = "listCampaigns", summary = "List campaigns, oldest first, optionally of one status (?status=draft|active|paused|completed)")
    public Uni<ApiResponse<List<CampaignView>>> list(@BeanParam PageParams paging, @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"draft", "active", "paused", "completed"})) @QueryParam("status") String status) {
        var page = paging.toRequest();
        if (status != null && !Campaign.STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of draft, active, paused, completed");
        }
        return campaigns.list(caller.orgId(), status, page).map(found -> ApiResponse.page(found.map(CampaignView::of)));
    }

    @POST
    @Idempotent
    @Extension(name = SuccessStatuses.EXTENSION, value = "201")
    @Operation(operationId = "createCampaign", summary = "Create a campaign (draft): {name, sender?, steps?, schedule?, settings?}")
    public Uni<RestResponse<ApiResponse<CampaignView>>> create(
            @Valid @ConvertGroup(from = Default.class, to = CampaignInput.Creating.class)
            @NotNull(message = "must be an object {name, sender?, steps?, schedule?, settings?}") CampaignInput body) {
        return campaigns.create(caller.orgId(), body.toDomain())
                .map(c -> RestResponse.status(RestResponse.Status.CREATED, ApiResponse.ok(CampaignView.of(c))));
    }

    @GET
    @Path("/enrollments")
    @Operation(operationId = "listEnrollments", summary = "The campaigns some contacts are in, with their state in each (?contact_id=<id>[,<id>…], at most "
            + MAX_CONTACTS + " ids), oldest enrollment first")
    public Uni<ApiResponse<List<ContactEnrollmentView>>> enrollments(@BeanParam PageParams paging,
            @QueryParam("contact_id") String contactIds) {
        var page = paging.toRequest();
        if (contactIds == null || contactIds.isBlank()) {
            throw ApiException.invalid("contact_id", "is required: one contact id or several separated by commas");
        }
        String[] parts = contactIds.split(",", -1);
        if (parts.length > MAX_CONTACTS) {
            throw ApiException.invalid("contact_id", "must name at most " + MAX_CONTACTS + " contacts");
        }
        List<UUID> ids = new java.util.ArrayList<>();
        for (String part : parts) {
            try {
                ids.add(UUID.fromString(part.trim()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("contact_id", "must be contact ids (UUIDs) separated by commas");
            }
        }
        return audience.ofContacts(caller.orgId(), ids.stream().distinct().toList(), page)
                .map(found -> ApiResponse.page(found.map(ContactEnrollmentView::of)));
    }

    /** A contact's place in one campaign. */
    public record ContactEnrollmentView(String campaignId, String campaignName, String campaignStatus, String contactId,
                                        String email, String status, int stepsSent, java.time.Instant nextSendAt,
                                        java.time.Instant lastSentAt, java.time.Instant lastOpenedAt,
                                        java.time.Instant lastClickedAt, java.time.Instant enrolledAt) {
        static ContactEnrollmentView of(EnrollmentService.ContactEnrollment e) {
            var m = e.member();
            return new ContactEnrollmentView(e.campaignId().toString(), e.campaignName(), e.campaignStatus(),
                    m.contactId().toString(), m.email(), m.status(), m.currentStep(),
                    "active".equals(m.status()) ? m.nextSendAt() : null, m.lastSentAt(), m.lastOpenedAt(),
                    m.lastClickedAt(), m.enrolledAt());
        }
    }

    static final int MAX_CONTACTS = 100;

    @GET
    @Path("/{id}")
    @Operation(operationId = "getCampaign", summary = "Get a campaign")
    public Uni<ApiResponse<CampaignView>> get(@PathParam("id") String id) {
        return campaigns.get(caller.orgId(), campaignId(id)).map(c -> ApiResponse.ok(CampaignView.of(c)));
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    @Operation(operationId = "updateCampaign", summary = "Change a campaign; only the given fields change. Steps may be edited or added while contacts"
            + " are enrolled, not removed where someone is on them")
    public Uni<ApiResponse<CampaignView>> update(@PathParam("id") String id,
            @Valid @NotNull(message = "must be an object of the fields to change") CampaignInput body) {
        UUID campaignId = campaignId(id);
        return campaigns.update(caller.orgId(), campaignId, body.toDomain()).map(c -> ApiResponse.ok(CampaignView.of(c)));
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteCampaign", summary = "Delete a campaign: nothing more is sent for it")
    public Uni<ApiResponse<Deleted>> delete(@PathParam("id") String id) {
        return campaigns.delete(caller.orgId(), campaignId(id)).map(deleted -> ApiResponse.ok(Deleted.of(deleted)));
    }

    @POST
    @Path("/{id}/activate")
    @Idempotent
    @Operation(operationId = "activateCampaign", summary = "Start or resume sending (needs a sender and at least one step)")
    public Uni<ApiResponse<CampaignView>> activate(@PathParam("id") String id) {
        return campaigns.activate(caller.orgId(), campaignId(id)).map(c -> ApiResponse.ok(CampaignView.of(c)));
    }

    @POST
    @Path("/{id}/pause")
    @Idempotent
    @Operation(operationId = "pauseCampaign", summary = "Stop sending until activated again")
    public Uni<ApiResponse<CampaignView>> pause(@PathParam("id") String id) {
        return campaigns.pause(caller.orgId(), campaignId(id)).map(c -> ApiResponse.ok(CampaignView.of(c)));
    }

    @POST
    @Path("/{id}/trigger")
    @Idempotent
    @Operation(operationId = "triggerCampaign", summary = "Add a contact to a campaign. Provide contact_id or contact fields (auto-creates if new)")
    public Uni<ApiResponse<TriggerResult>> trigger(@PathParam("id") String id,
            @Valid @NotNull(message = "must be an object {contact_id} or {email, first_name?, last_name?, company?}")
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = TriggerInput.class),
                    examples = @ExampleObject(name = "new contact", summary = "The API reference's example", value = "{\"email\":\"john@acme.com\",\"first_name\":\"John\"}")))
            TriggerInput body) {
        UUID campaignId = campaignId(id);
        var target = body.toDomain();
        return audience.trigger(caller.orgId(), campaignId, target, caller.rawToken())
                .map(t -> ApiResponse.ok(new TriggerResult(true, t.campaignId().toString(), t.contactId().toString(),
                        t.alreadyEnrolled() ? Boolean.TRUE : null)));
    }

    @GET
    @Path("/{id}/status")
    @Operation(operationId = "getCampaignStatus", summary = "Get campaign status with audience breakdown")
    public Uni<ApiResponse<StatusView>> status(@PathParam("id") String id) {
        return campaigns.status(caller.orgId(), campaignId(id)).map(s -> ApiResponse.ok(StatusView.of(s)));
    }

    @GET
    @Path("/{id}/audience")
    @Operation(operationId = "listAudience", summary = "The campaign's enrolled contacts with their state (?status=), oldest enrollment first")
    public Uni<ApiResponse<List<MemberView>>> members(@PathParam("id") String id, @BeanParam PageParams paging,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"active", "paused", "completed", "bounced", "failed", "unsubscribed"})) @QueryParam("status") String status) {
        UUID campaignId = campaignId(id);
        var page = paging.toRequest();
        if (status != null && !Enrollment.STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of " + String.join(", ", Enrollment.STATUSES));
        }
        return audience.audience(caller.orgId(), campaignId, status, page)
                .map(found -> ApiResponse.page(found.map(MemberView::of)));
    }

    @PUT
    @Path("/{id}/audience/{contact_id}")
    @Idempotent
    @Operation(operationId = "updateAudienceMember", summary = "Pause or resume one enrolled contact: {status: paused|active}")
    public Uni<ApiResponse<MemberView>> changeMember(@PathParam("id") String id, @PathParam("contact_id") String contactId,
            @Valid @NotNull(message = "must be an object {status}") MemberChange body) {
        UUID campaignId = campaignId(id);
        UUID contact = Ids.uuidOrNotFound(contactId, "Contact");
        return audience.setStatus(caller.orgId(), campaignId, contact, body.status()).map(m -> ApiResponse.ok(MemberView.of(m)));
    }

    @DELETE
    @Path("/{id}/audience/{contact_id}")
    @Operation(operationId = "removeFromAudience", summary = "Remove a contact from the campaign's audience")
    public Uni<ApiResponse<Deleted>> removeMember(@PathParam("id") String id, @PathParam("contact_id") String contactId) {
        UUID campaignId = campaignId(id);
        UUID contact = Ids.uuidOrNotFound(contactId, "Contact");
        return audience.remove(caller.orgId(), campaignId, contact).map(removed -> ApiResponse.ok(Deleted.of(removed)));
    }

    private static UUID campaignId(String id) {
        return Ids.uuidOrNotFound(id, "Campaign");
    }
}
