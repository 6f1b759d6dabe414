package com.outreachpilot.webhooks.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * One event for one subscription, with its latest attempt. The body is stored exactly as signed and sent, so
 * retries send the same bytes. Stored in bulk and attempted through DeliveryRepository's SQL; read through
 * this entity for the delivery log.
 */
@Entity
@Table(name = "delivery")
public class Delivery extends PanacheEntityBase {

    public static final String PENDING = "pending";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";

    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    @Column(name = "subscription_id")
    public UUID subscriptionId;
    @Column(name = "event_id")
    public String eventId;
    @Column(name = "event_type")
    public String eventType;
    public String body;
    /** pending (to be attempted at {@link #nextAttemptAt}), succeeded, or failed. */
    public String status;
    public int attempts;
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;
    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;
    @Column(name = "last_status_code")
    public Integer lastStatusCode;
    @Column(name = "last_latency_ms")
    public Integer lastLatencyMs;
    @Column(name = "last_response")
    public String lastResponse;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "created_at")
    public Instant createdAt;
    /** Set on the deliveries a replay queued: the replay's id. */
    @Column(name = "replay_id")
    public UUID replayId;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** A snapshot for the delivery log. */
    DeliveryLogEntry logEntry() {
        return new DeliveryLogEntry(id, subscriptionId, eventId, eventType, status, attempts, lastAttemptAt,
                lastStatusCode, lastLatencyMs, lastResponse, lastError, nextAttemptAt, createdAt, replayId);
    }
}
