package com.outreachpilot.webhooks.api;

import com.outreachpilot.platform.api.Deleted;
import com.outreachpilot.platform.auth.RequiresScope;
import com.outreachpilot.platform.auth.Scopes;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.api.Times;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.idempotency.Idempotent;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.PageParams;
import com.outreachpilot.webhooks.client.WebhookSender;
import com.outreachpilot.webhooks.domain.DeliveryWorker;
import com.outreachpilot.webhooks.domain.SubscriptionService;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
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

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Webhook subscriptions and their delivery log (scope {@code campaigns}), as the API reference describes them and beyond. */
@RequiresScope(Scopes.CAMPAIGNS)
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhooksResource {

    static final Set<String> STATUSES = Set.of("pending", "succeeded", "failed", "retrying", "failing");

    /** {@code data} of the list: the subscriptions and every event type one may subscribe to. */
    public record WebhookList(List<WebhookView> webhooks, List<String> availableEvents) {
    }

    /** Body of a replay: {@code {since}}. */
    public record ReplayRequest(@Schema(required = true, format = "date-time", description = "Re-deliver the events"
            + " that happened at or after this ISO-8601 time (within the events retention)") String since) {
    }

    /** {@code data} of a replay: its id (on each delivery it queued), and where to go on when it stopped at its size. */
    public record QueuedReplay(@Schema(required = true) String replayId, @Schema(required = true) Instant since,
                               @Schema(required = true, description = "How many deliveries were queued") int events,
                               @Schema(description = "Set when the replay stopped at " + SubscriptionService.REPLAY_MAX
                                       + " events: replay again with this as since for the rest") Instant nextSince) {
    }

    /** {@code data} of a test: the delivery queued for it and the test event's id. */
    public record QueuedTest(String deliveryId, String eventId) {
    }


    @Inject
    Caller caller;

    @Inject
    SubscriptionService subscriptions;

    @Inject
    DeliveryWorker worker;

    @Inject
    WebhookSender sender;

    @GET
    @Operation(operationId = "listWebhooks", summary = "List webhook subscriptions, with every event type available")
    public Uni<ApiResponse<WebhookList>> list(@BeanParam PageParams paging) {
        var page = paging.toRequest();
        return subscriptions.list(caller.orgId(), page).map(found -> found.map(WebhookView::of)).map(found ->
                ApiResponse.page(found, new WebhookList(found.items(), EventType.subscribableTypes())));
    }

    @POST
    @Idempotent(secrets = "secret")
    @Extension(name = SuccessStatuses.EXTENSION, value = "201")
    @Operation(operationId = "createWebhook", summary = "Register a webhook URL for events: {url, events, secret?}. A generated secret is returned once")
    public Uni<RestResponse<ApiResponse<WebhookView>>> create(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = NewWebhook.class),
                    examples = @ExampleObject(name = "events", summary = "The API reference's example", value = "{\"url\":\"https://example.com/hooks/outreachpilot\",\"events\":[\"email.opened\",\"campaign.completed\"]}")))
            @Valid @NotNull(message = "must be an object {url, events, secret?}") NewWebhook body) {
        OrgId orgId = caller.orgId();
        return reachable(body.url())
                .chain(() -> subscriptions.create(orgId, body.toDomain()))
                .map(created -> RestResponse.status(RestResponse.Status.CREATED, ApiResponse.ok(WebhookView.withSecret(created))));
    }

    @DELETE
    @Operation(operationId = "deleteWebhookByQuery", summary = "Deactivate a webhook subscription: ?id=")
    public Uni<ApiResponse<Deleted>> deactivate(@QueryParam("id") String id) {
        if (id == null || id.isBlank()) {
            throw ApiException.invalid("id", "is required: DELETE /api/v1/webhooks?id=<webhook id>");
        }
        return subscriptions.delete(caller.orgId(), Ids.uuidOrNotFound(id, "Webhook"))
                .map(deleted -> ApiResponse.ok(Deleted.of(deleted)));
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getWebhook", summary = "Get a webhook subscription")
    public Uni<ApiResponse<WebhookView>> get(@PathParam("id") String id) {
        return subscriptions.get(caller.orgId(), Ids.uuidOrNotFound(id, "Webhook")).map(WebhookView::of).map(ApiResponse::ok);
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    @Operation(operationId = "updateWebhook", summary = "Change a subscription's url, events or enabled; enabling clears its failure streak")
    public Uni<ApiResponse<WebhookView>> update(@PathParam("id") String id,
            @Valid @NotNull(message = "must be an object of the fields to change: url, events, enabled") WebhookChanges body) {
        UUID webhookId = Ids.uuidOrNotFound(id, "Webhook");
        OrgId orgId = caller.orgId();
        Uni<Void> checked = body.url() == null ? Uni.createFrom().voidItem() : reachable(body.url());
        return checked.chain(() -> subscriptions.update(orgId, webhookId, body.toDomain()))
                .map(WebhookView::of).map(ApiResponse::ok);
    }

    @DELETE
    @Path("/{id}")
    @Operation(operationId = "deleteWebhook", summary = "Deactivate a webhook subscription")
    public Uni<ApiResponse<Deleted>> delete(@PathParam("id") String id) {
        return deactivate(id);
    }

    @POST
    @Path("/{id}/test")
    @Extension(name = SuccessStatuses.EXTENSION, value = "202")
    @Operation(operationId = "testWebhook", summary = "Send a webhook.test event to this subscription")
    public Uni<RestResponse<ApiResponse<QueuedTest>>> test(@PathParam("id") String id) {
        return subscriptions.sendTest(caller.orgId(), Ids.uuidOrNotFound(id, "Webhook"))
                .invoke(worker::wake)
                .map(queued -> RestResponse.status(RestResponse.Status.ACCEPTED,
                        ApiResponse.ok(new QueuedTest(queued.deliveryId().toString(), queued.eventId()))));
    }

    @POST
    @Path("/{id}/replay")
    @Idempotent
    @Extension(name = SuccessStatuses.EXTENSION, value = "202")
    @Operation(operationId = "replayWebhook", summary = "Re-deliver the subscription's event types since a time, from"
            + " the events feed, through the normal signed and retried path (same event ids: receivers deduplicate);"
            + " at most " + SubscriptionService.REPLAY_MAX + " events per call")
    public Uni<RestResponse<ApiResponse<QueuedReplay>>> replay(@PathParam("id") String id,
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ReplayRequest.class),
                    examples = @ExampleObject(name = "since", summary = "Everything since a time",
                            value = "{\"since\":\"2026-03-08T10:00:00Z\"}")))
            ReplayRequest body) {
        UUID webhookId = Ids.uuidOrNotFound(id, "Webhook");
        Instant since = Times.since("since", body == null ? null : body.since());
        if (since == null) {
            throw ApiException.invalid("since", "is required: an ISO-8601 time such as 2026-03-08T10:00:00Z");
        }
        return subscriptions.replay(caller.orgId(), webhookId, since)
                .invoke(worker::wake)
                .map(done -> RestResponse.status(RestResponse.Status.ACCEPTED, ApiResponse.ok(new QueuedReplay(
                        done.id().toString(), done.since(), done.events(), done.nextSince()))));
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(operationId = "rotateWebhookSecret", summary = "Replace the secret; for 24 h deliveries carry signatures with both the new and the old one")
    public Uni<ApiResponse<WebhookView>> rotate(@PathParam("id") String id) {
        return subscriptions.rotateSecret(caller.orgId(), Ids.uuidOrNotFound(id, "Webhook"))
                .map(WebhookView::withSecret).map(ApiResponse::ok);
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(operationId = "listDeliveries", summary = "The subscription's deliveries, newest first: event, attempts, latest status code, latency, answer,"
            + " next retry; ?status=pending|succeeded|failed|retrying (pending after a failed attempt)|failing (failed or"
            + " retrying)")
    public Uni<ApiResponse<List<DeliveryView>>> deliveries(@PathParam("id") String id, @BeanParam PageParams paging,
            @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = {"pending", "succeeded", "failed", "retrying", "failing"})) @QueryParam("status") String status) {
        UUID webhookId = Ids.uuidOrNotFound(id, "Webhook");
        var page = paging.toRequest();
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of pending, succeeded, failed, retrying (pending after a"
                    + " failed attempt), failing (failed or retrying)");
        }
        return subscriptions.deliveries(caller.orgId(), webhookId, status, page)
                .map(found -> ApiResponse.page(found.map(DeliveryView::of)));
    }

    @POST
    @Path("/deliveries/{id}/retry")
    @Operation(operationId = "retryDelivery", summary = "Attempt a delivery again now (e.g. after fixing the endpoint)")
    public Uni<RestResponse<ApiResponse<DeliveryView>>> retry(@PathParam("id") String id) {
        return subscriptions.retry(caller.orgId(), Ids.uuidOrNotFound(id, "Delivery"))
                .invoke(worker::wake)
                .map(retried -> RestResponse.status(RestResponse.Status.ACCEPTED, ApiResponse.ok(DeliveryView.of(retried))));
    }

    /** Fails with a 422 naming {@code url} when its host resolves to an address webhooks may not be sent to. */
    private Uni<Void> reachable(String url) {
        return sender.refusal(url).map(refusal -> {
            if (refusal != null) {
                throw ApiException.invalid("url", refusal);
            }
            return null;
        });
    }
}
