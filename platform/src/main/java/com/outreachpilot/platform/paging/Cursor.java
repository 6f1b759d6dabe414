package com.outreachpilot.platform.paging;

import com.outreachpilot.platform.error.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * An opaque keyset cursor: a position made of whole numbers, handed to clients as base64url text
 * ({@code meta.next_cursor}) and given back as {@code ?after=}. Clients must not build or read one; anything
 * that does not decode to the expected number of parts is a 422 naming the parameter.
 */
public final class Cursor {

    /** The longest cursor accepted: well above any encoding of a few 64-bit numbers. */
    static final int MAX_LENGTH = 200;

    private Cursor() {
    }

    public static String encode(long... parts) {
        StringBuilder text = new StringBuilder();
        for (long part : parts) {
            if (!text.isEmpty()) {
                text.append('.');
            }
            text.append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The {@code count} numbers of a cursor, or a 422 {@code VALIDATION_ERROR} naming {@code parameter} when the
     * text is not a cursor this API handed out.
     */
    public static long[] decode(String raw, int count, String parameter) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_LENGTH) {
            throw invalid(parameter);
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(raw.trim()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw invalid(parameter);
        }
        String[] fields = text.split("\\.", -1);
        if (fields.length != count) {
            throw invalid(parameter);
        }
        long[] parts = new long[count];
        for (int i = 0; i < count; i++) {
            try {
                parts[i] = Long.parseLong(fields[i]);
            } catch (NumberFormatException e) {
                throw invalid(parameter);
            }
        }
        return parts;
    }

    private static ApiException invalid(String parameter) {
        return ApiException.invalid(parameter, "must be a cursor this API returned in meta.next_cursor");
    }
}
