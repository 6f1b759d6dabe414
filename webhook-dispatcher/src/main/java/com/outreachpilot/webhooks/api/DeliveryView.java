package com.outreachpilot.webhooks.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.outreachpilot.webhooks.domain.DeliveryLogEntry;

import java.time.Instant;

/**
 * One event's delivery to one subscription: where it stands, and its latest attempt (status code, latency,
 * the first bytes of the answer or the error), with the next retry when one is due.
 */
public record DeliveryView(@Schema(required = true) String id, @Schema(required = true) String webhookId, @Schema(required = true) String eventId, @Schema(required = true) String eventType, @Schema(required = true) String status, @Schema(required = true) int attempts,
                           Instant lastAttemptAt, Integer responseStatus, Integer latencyMs, String responseBody,
                           String error, Instant nextRetryAt, @Schema(required = true) Instant createdAt,
                           @Schema(description = "Set when a replay queued this delivery: the replay's id") String replayId) {

    public static DeliveryView of(DeliveryLogEntry d) {
        return new DeliveryView(d.id().toString(), d.subscriptionId().toString(), d.eventId(), d.eventType(), d.status(),
                d.attempts(), d.lastAttemptAt(), d.lastStatusCode(), d.lastLatencyMs(), d.lastResponse(), d.lastError(),
                d.pending() ? d.nextAttemptAt() : null, d.createdAt(),
                d.replayId() == null ? null : d.replayId().toString());
    }
}
