package com.outreachpilot.webhooks.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.data.idempotency.Idempotent;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.error.FieldError;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageParams;
import com.outreachpilot.webhooks.domain.DeliveryWorker;
import com.outreachpilot.webhooks.domain.Secrets;
import com.outreachpilot.webhooks.domain.SubscriptionService;
import com.outreachpilot.webhooks.domain.UrlGuard;
import com.outreachpilot.webhooks.repository.DeliveryRepository;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Webhook subscriptions and their delivery log (scope {@code campaigns}), as the API reference describes them and beyond. */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Webhooks")
public class WebhooksResource {

    static final Set<String> STATUSES = Set.of("pending", "succeeded", "failed");

    /** {@code data} of the list: the subscriptions and every event type one may subscribe to. */
    public record WebhookList(List<WebhookView> webhooks, List<String> availableEvents) {
    }

    @Inject
    Caller caller;

    @Inject
    SubscriptionService subscriptions;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    DeliveryWorker worker;

    @GET
    @Operation(summary = "List webhook subscriptions, with every event type available")
    public Uni<ApiResponse<WebhookList>> list(@BeanParam PageParams paging) {
        var page = paging.toRequest();
        return subscriptions.list(caller.orgId(), page).map(found ->
                ApiResponse.page(found, new WebhookList(found.items(), EventType.subscribableTypes())));
    }

    @POST
    @Idempotent
    @Operation(summary = "Register a webhook URL for events: {url, events, secret?}. A generated secret is returned once")
    public Uni<RestResponse<ApiResponse<WebhookView>>> create(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "must be an object {url, events, secret?}");
        }
        List<FieldError> problems = new ArrayList<>();
        String url = text(body, "url", true, problems);
        List<String> events = events(body, true, problems);
        String secret = text(body, "secret", false, problems);
        if (secret != null && Secrets.problem(secret) != null) {
            problems.add(new FieldError("secret", Secrets.problem(secret)));
        }
        String orgId = caller.orgId();
        return checkedUrl(url, problems).chain(() -> subscriptions.create(orgId, url.trim(), events, secret))
                .map(view -> RestResponse.status(RestResponse.Status.CREATED, ApiResponse.ok(view)));
    }

    @DELETE
    @Operation(summary = "Deactivate a webhook subscription: ?id=")
    public Uni<ApiResponse<Map<String, Object>>> deactivate(@QueryParam("id") String id) {
        if (id == null || id.isBlank()) {
            throw ApiException.invalid("id", "is required: DELETE /api/v1/webhooks?id=<webhook id>");
        }
        return subscriptions.delete(caller.orgId(), Ids.uuidOrNotFound(id, "Webhook"))
                .map(deleted -> ApiResponse.ok(Map.of("deleted", true, "id", deleted.toString())));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Get a webhook subscription")
    public Uni<ApiResponse<WebhookView>> get(@PathParam("id") String id) {
        return subscriptions.get(caller.orgId(), Ids.uuidOrNotFound(id, "Webhook")).map(ApiResponse::ok);
    }

    @PUT
    @Path("/{id}")
    @Idempotent
    @Operation(summary = "Change a subscription's url, events or enabled; enabling clears its failure streak")
    public Uni<ApiResponse<WebhookView>> update(@PathParam("id") String id, JsonNode body) {
        UUID webhookId = Ids.uuidOrNotFound(id, "Webhook");
        if (body == null || !body.isObject()) {
            throw ApiException.invalid("body", "must be an object of the fields to change: url, events, enabled");
        }
        List<FieldError> problems = new ArrayList<>();
        String url = body.has("url") ? text(body, "url", true, problems) : null;
        List<String> events = body.has("events") ? events(body, true, problems) : null;
        Boolean enabled = null;
        if (body.has("enabled")) {
            if (!body.get("enabled").isBoolean()) {
                problems.add(new FieldError("enabled", "must be true or false"));
            } else {
                enabled = body.get("enabled").booleanValue();
            }
        }
        Boolean enable = enabled;
        String orgId = caller.orgId();
        Uni<Void> checked = url == null ? failIfAny(problems) : checkedUrl(url, problems);
        return checked.chain(() -> subscriptions.update(orgId, webhookId,
                        new SubscriptionService.Changes(url == null ? null : url.trim(), events, enable)))
                .map(ApiResponse::ok);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Deactivate a webhook subscription")
    public Uni<ApiResponse<Map<String, Object>>> delete(@PathParam("id") String id) {
        return deactivate(id);
    }

    @POST
    @Path("/{id}/test")
    @Operation(summary = "Send a webhook.test event to this subscription")
    public Uni<RestResponse<ApiResponse<Map<String, Object>>>> test(@PathParam("id") String id) {
        return subscriptions.sendTest(caller.orgId(), Ids.uuidOrNotFound(id, "Webhook"))
                .invoke(worker::wake)
                .map(queued -> RestResponse.status(RestResponse.Status.ACCEPTED, ApiResponse.ok(queued)));
    }

    @POST
    @Path("/{id}/rotate-secret")
    @Operation(summary = "Replace the secret; for 24 h deliveries carry signatures with both the new and the old one")
    public Uni<ApiResponse<WebhookView>> rotate(@PathParam("id") String id) {
        return subscriptions.rotateSecret(caller.orgId(), Ids.uuidOrNotFound(id, "Webhook")).map(ApiResponse::ok);
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "The subscription's deliveries, newest first: event, attempts, latest status code, latency, answer, next retry")
    public Uni<ApiResponse<List<DeliveryView>>> deliveries(@PathParam("id") String id, @BeanParam PageParams paging,
            @QueryParam("status") String status) {
        UUID webhookId = Ids.uuidOrNotFound(id, "Webhook");
        var page = paging.toRequest();
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.invalid("status", "must be one of pending, succeeded, failed");
        }
        String orgId = caller.orgId();
        return subscriptions.get(orgId, webhookId)
                .chain(() -> deliveries.page(orgId, webhookId, status, page.limit(), page.offset()))
                .chain(items -> deliveries.count(orgId, webhookId, status).map(total -> new Page<>(items, total, page)))
                .map(ApiResponse::page);
    }

    @POST
    @Path("/deliveries/{id}/retry")
    @Operation(summary = "Attempt a delivery again now (e.g. after fixing the endpoint)")
    public Uni<RestResponse<ApiResponse<DeliveryView>>> retry(@PathParam("id") String id) {
        UUID deliveryId = Ids.uuidOrNotFound(id, "Delivery");
        String orgId = caller.orgId();
        return deliveries.find(orgId, deliveryId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Delivery"))
                // a disabled subscription would never attempt it: say so instead of queueing it
                .call(found -> subscriptions.get(orgId, UUID.fromString(found.webhookId())).invoke(webhook -> {
                    if (!webhook.enabled()) {
                        throw new ApiException(ErrorCode.VALIDATION_ERROR, "This webhook is disabled",
                                "Enable it (PUT {\"enabled\": true}) before retrying its deliveries");
                    }
                }))
                .chain(() -> deliveries.retryNow(orgId, deliveryId))
                .chain(() -> deliveries.find(orgId, deliveryId))
                .map(found -> {
                    worker.wake();
                    return RestResponse.status(RestResponse.Status.ACCEPTED, ApiResponse.ok(found));
                });
    }

    private Uni<Void> checkedUrl(String url, List<FieldError> problems) {
        if (url == null) {
            return failIfAny(problems);
        }
        UrlGuard guard = worker.guard();
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        return Uni.createFrom().item(() -> {
            try {
                guard.resolve(guard.parse(url));
            } catch (UrlGuard.Refused refused) {
                problems.add(0, new FieldError("url", refused.getMessage()));
            }
            return problems;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) // DNS lookups block
                .emitOn(task -> context.runOnContext(ignored -> task.run())) // back where the request's session lives
                .chain(this::failIfAny);
    }

    private Uni<Void> failIfAny(List<FieldError> problems) {
        return problems.isEmpty() ? Uni.createFrom().voidItem() : Uni.createFrom().failure(ApiException.invalid(problems));
    }

    private static String text(JsonNode body, String field, boolean required, List<FieldError> problems) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(new FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(new FieldError(field, "must be a non-empty string"));
            return null;
        }
        return value.asText();
    }

    private static List<String> events(JsonNode body, boolean required, List<FieldError> problems) {
        JsonNode value = body.get("events");
        if (value == null || value.isNull() || !value.isArray() || value.isEmpty()) {
            if (required) {
                problems.add(new FieldError("events", "must be a non-empty array of event types (see available_events)"));
            }
            return null;
        }
        Set<String> events = new LinkedHashSet<>();
        List<String> subscribable = EventType.subscribableTypes();
        for (int i = 0; i < value.size(); i++) {
            JsonNode event = value.get(i);
            if (!event.isTextual() || !subscribable.contains(event.asText())) {
                problems.add(new FieldError("events[" + i + "]", "is not an event type one can subscribe to (see available_events)"));
            } else {
                events.add(event.asText());
            }
        }
        return List.copyOf(events);
    }
}
