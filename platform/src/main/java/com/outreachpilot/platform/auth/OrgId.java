package com.outreachpilot.platform.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.UUID;

/**
 * An organization's id: a UUID, written as its canonical string on the wire, in tokens, events and Kafka keys.
 * Typed so an organization id is never confused with another id, and parsed once (from the token) rather than
 * in every service.
 */
public record OrgId(UUID value) {

    public OrgId {
        if (value == null) {
            throw new IllegalArgumentException("An organization id is required");
        }
    }

    /** Parses a canonical UUID; throws {@link IllegalArgumentException} otherwise. */
    @JsonCreator
    public static OrgId of(String value) {
        return new OrgId(UUID.fromString(value));
    }

    public static OrgId of(UUID value) {
        return new OrgId(value);
    }

    @JsonValue
    @Override
    public String toString() {
        return value.toString();
    }
}
