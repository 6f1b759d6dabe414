package com.outreachpilot.platform.api;

import com.outreachpilot.platform.time.Clock;
import com.outreachpilot.platform.error.ApiException;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Resource ids: new ones, and path ids where a malformed id is answered exactly like one that does not exist. */
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

    /**
     * A new resource id: a version 7 UUID (RFC 9562: 48 bits of Unix milliseconds, then 74 random bits), so
     * rows written together sit together in the primary-key index instead of landing on random pages.
     */
    public static UUID newUuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (Clock.SYSTEM.epochMillis() << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
