package com.outreachpilot.webhooks.api;

import com.outreachpilot.webhooks.domain.DeliveryLogEntry;

import java.time.Instant;

/**
 * One event's delivery to one subscription: where it stands, and its latest attempt (status code, latency,
 * the first bytes of the answer or the error), with the next retry when one is due.
 */
public record DeliveryView(String id, String webhookId, String eventId, String eventType, String status, int attempts,
                           Instant lastAttemptAt, Integer responseStatus, Integer latencyMs, String responseBody,
                           String error, Instant nextRetryAt, Instant createdAt) {

    public static DeliveryView of(DeliveryLogEntry d) {
        return new DeliveryView(d.id().toString(), d.subscriptionId().toString(), d.eventId(), d.eventType(), d.status(),
                d.attempts(), d.lastAttemptAt(), d.lastStatusCode(), d.lastLatencyMs(), d.lastResponse(), d.lastError(),
                d.pending() ? d.nextAttemptAt() : null, d.createdAt());
    }
}
