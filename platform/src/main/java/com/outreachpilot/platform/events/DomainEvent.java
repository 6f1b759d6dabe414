package com.outreachpilot.platform.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import com.outreachpilot.platform.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

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

    public static DomainEvent of(EventType type, String orgId, String subject, JsonNode data) {
        return new DomainEvent(newId(), type.type(), Clock.SYSTEM.now(), orgId, subject,
                data, CURRENT_VERSION);
    }

    /** An event whose {@code data} is {@code resource} rendered as the public API renders it. */
    public static DomainEvent of(EventType type, String orgId, String subject, Object resource) {
        return of(type, orgId, subject, DomainEventCodec.toData(resource));
    }

    /** {@code evt_} + 12 hex digits of milliseconds + 16 random hex digits: unique and roughly time-ordered. */
    public static String newId() {
        // not a secret, only unique: the thread-local generator, not SecureRandom, which a bulk import
        // calling it thousands of times a second would contend on
        StringBuilder id = new StringBuilder(32).append("evt_");
        String millis = Long.toHexString(Clock.SYSTEM.epochMillis());
        id.append("000000000000", millis.length(), 12).append(millis);
        return id.append(HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong())).toString();
    }

    /** The Kafka topic this event goes to. */
    public String topic() {
        return EventType.topicOf(type);
    }
}
