package com.outreachpilot.webhooks.domain;

import java.time.Instant;
import java.util.UUID;

/** A delivery as the log shows it (the domain's snapshot, never the managed entity): where it stands, and its latest attempt. */
public record DeliveryLogEntry(UUID id, UUID subscriptionId, String eventId, String eventType, String status, int attempts,
                               Instant lastAttemptAt, Integer lastStatusCode, Integer lastLatencyMs, String lastResponse,
                               String lastError, Instant nextAttemptAt, Instant createdAt, UUID replayId) {

    public boolean pending() {
        return Delivery.PENDING.equals(status);
    }

    /** This delivery made due at {@code now} for one more attempt. */
    DeliveryLogEntry dueAt(Instant now) {
        return new DeliveryLogEntry(id, subscriptionId, eventId, eventType, Delivery.PENDING, attempts, lastAttemptAt,
                lastStatusCode, lastLatencyMs, lastResponse, lastError, now, createdAt, replayId);
    }
}
