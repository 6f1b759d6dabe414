package com.outreachpilot.platform.paging;

import com.outreachpilot.platform.error.ApiException;

/** A validated {@code limit}/{@code offset} pair: limit 1..200 (default 50), offset ≥ 0 (default 0). */
public record PageRequest(int limit, int offset) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be an integer between 1 and " + MAX_LIMIT);
        }
        if (offset < 0) {
            throw ApiException.invalid("offset", "must be an integer of 0 or more");
        }
    }

    /**
     * Parses raw query values. They arrive as strings because JAX-RS answers a non-numeric integer
     * parameter with 404; we want a 422 naming the parameter instead.
     */
    public static PageRequest parse(String limit, String offset) {
        return new PageRequest(parseInt("limit", limit, DEFAULT_LIMIT), parseInt("offset", offset, 0));
    }

    private static int parseInt(String name, String raw, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            String bounds = name.equals("limit") ? "between 1 and " + MAX_LIMIT : "of 0 or more";
            throw ApiException.invalid(name, "must be an integer " + bounds);
        }
    }
}
