package com.outreachpilot.platform.api;

import com.outreachpilot.platform.error.ApiException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Times given in requests ("since" filters): ISO-8601 instants, or a 422 naming the field. */
public final class Times {

    /** The latest time accepted (PostgreSQL's timestamps go further; no one means a time past this). */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private Times() {
    }

    /**
     * {@code raw} as an instant, null when absent or blank; a time before 1970 means "everything" and is answered
     * as 1970-01-01; anything unparseable or past year 9999 is a 422 {@code VALIDATION_ERROR} naming {@code field}.
     */
    public static Instant since(String field, String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Instant since;
        try {
            since = Instant.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw invalid(field);
        }
        if (since.isAfter(LATEST)) {
            throw invalid(field);
        }
        return since.isBefore(Instant.EPOCH) ? Instant.EPOCH : since;
    }

    private static ApiException invalid(String field) {
        return ApiException.invalid(field, "must be an ISO-8601 time such as 2026-03-08T10:00:00Z");
    }
}
