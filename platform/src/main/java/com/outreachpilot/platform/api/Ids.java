package com.outreachpilot.platform.api;

import com.outreachpilot.platform.error.ApiException;

import java.util.UUID;

/** Path ids: a malformed id is answered exactly like an id that does not exist. */
public final class Ids {

    private Ids() {
    }

    /** Parses a UUID path parameter, or fails with 404 RESOURCE_NOT_FOUND naming {@code what}. */
    public static UUID uuidOrNotFound(String raw, String what) {
        if (raw == null || raw.length() != 36) {
            throw ApiException.notFound(what);
        }
        try {
            return UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound(what);
        }
    }
}
