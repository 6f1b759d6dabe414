package com.outreachpilot.platform.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An organization's id as the gateway vouches for it in the internal token, and as it is written in events,
 * Kafka keys and every service's {@code org_id} column. Billing-service issues UUIDs ({@link #uuid()}); the
 * type keeps an organization id from being confused with another id, and its shape is checked once, when the
 * token is read, not in every service.
 */
public record OrgId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public OrgId {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("An organization id is 1 to 64 letters, digits, '-' or '_'");
        }
    }

    @JsonCreator
    public static OrgId of(String value) {
        return new OrgId(value);
    }

    public static OrgId of(UUID value) {
        return new OrgId(value.toString());
    }

    /** The id as a UUID (every organization billing-service creates); empty for any other shape. */
    public Optional<UUID> uuid() {
        try {
            return value.length() == 36 ? Optional.of(UUID.fromString(value)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
