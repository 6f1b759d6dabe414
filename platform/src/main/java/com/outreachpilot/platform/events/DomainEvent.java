package com.outreachpilot.platform.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * The one event envelope every service publishes and every consumer reads. {@code subject} is the id of the
 * resource the event is about; {@code data} is that resource as the public API shows it.
 */
@JsonPropertyOrder({"id", "type", "occurred_at", "org_id", "subject", "data", "version"})
public record DomainEvent(
        String id,
        String type,
        @JsonProperty("occurred_at") Instant occurredAt,
        @JsonProperty("org_id") String orgId,
        String subject,
        JsonNode data,
        int version) {

    public static final int CURRENT_VERSION = 1;
    private static final SecureRandom RANDOM = new SecureRandom();

    public static DomainEvent of(EventType type, String orgId, String subject, JsonNode data) {
        return new DomainEvent(newId(), type.type(), Instant.now().truncatedTo(ChronoUnit.MICROS), orgId, subject,
                data, CURRENT_VERSION);
    }

    /** An event whose {@code data} is {@code resource} rendered as the public API renders it. */
    public static DomainEvent of(EventType type, String orgId, String subject, Object resource) {
        return of(type, orgId, subject, DomainEventCodec.toData(resource));
    }

    /** {@code evt_} + 12 hex digits of milliseconds + 16 random hex digits: unique and roughly time-ordered. */
    public static String newId() {
        byte[] random = new byte[8];
        RANDOM.nextBytes(random);
        return "evt_" + String.format("%012x", System.currentTimeMillis()) + HexFormat.of().formatHex(random);
    }

    /** The Kafka topic this event goes to. */
    public String topic() {
        return EventType.topicOf(type);
    }
}
