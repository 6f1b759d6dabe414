package com.outreachpilot.contacts.api;

import com.outreachpilot.platform.error.ApiException;
import jakarta.ws.rs.core.UriInfo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The list filters contacts and companies share, read from query parameters: blank means "not given", and a
 * bad value is a 422 naming the parameter.
 */
final class ListFilters {

    private ListFilters() {
    }

    /** The query parameters that filter on a context value: {@code context.<key>=<value>}. */
    static final String CONTEXT = "context.";
    static final Pattern CONTEXT_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final int MAX_CONTEXT_FILTERS = 5;
    /** The longest title text or context value a filter takes. */
    static final int MAX_FILTER_TEXT = 200;

    static final String CONTEXT_DESCRIPTION = " Any number of `context.<key>=<value>` parameters (at most "
            + MAX_CONTEXT_FILTERS + ", e.g. `context.city=New%20York`) keep only rows whose `context` has that"
            + " top-level key (exact, case-sensitive; letters, digits, `_`, `.` and `-`, up to 64) with a value equal"
            + " to the given one ignoring case (at most " + MAX_FILTER_TEXT + " characters, trimmed): a string, or a"
            + " number or boolean in its JSON text form (`120`, `1.5`, `true`); nested objects, arrays and null never"
            + " match. Every filter given must hold.";

    /** A UUID parameter such as {@code account_id}: null when blank, 422 naming it when malformed. */
    static UUID uuid(String field, String raw, String problem) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String id = raw.trim();
        try {
            if (id.length() == 36) {
                return UUID.fromString(id);
            }
        } catch (IllegalArgumentException e) {
            // answered below, as a wrong length is
        }
        throw ApiException.invalid(field, problem);
    }

    /** A text parameter: trimmed (Unicode white space), null when blank, 422 naming it when longer than {@code max} or with a NUL. */
    static String text(String field, String raw, int max) {
        if (raw == null) {
            return null;
        }
        if (raw.indexOf('\u0000') >= 0) { // before trimming, which would drop one at either end
            throw ApiException.invalid(field, "must not contain the NUL character (\\u0000)");
        }
        String text = raw.strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.length() > max) {
            throw ApiException.invalid(field, "must be at most " + max + " characters");
        }
        return text;
    }

    /**
     * The {@code context.<key>=<value>} parameters as key → value (blank values left out). A malformed key, a
     * key given twice or a bad value is a 422 naming that parameter; more than {@value #MAX_CONTEXT_FILTERS}
     * filters a 422 naming {@code context}.
     */
    static Map<String, String> context(UriInfo uri) {
        Map<String, String> filters = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> parameter : uri.getQueryParameters().entrySet()) {
            String name = parameter.getKey();
            if (!name.startsWith(CONTEXT)) {
                continue;
            }
            if (!CONTEXT_KEY.matcher(name.substring(CONTEXT.length())).matches()) {
                throw ApiException.invalid(name, "must be context.<key> with a key of 1 to 64 letters, digits,"
                        + " '_', '.' or '-'");
            }
            if (parameter.getValue().size() > 1) {
                throw ApiException.invalid(name, "must be given at most once");
            }
            String value = parameter.getValue().isEmpty() ? null
                    : text(name, parameter.getValue().get(0), MAX_FILTER_TEXT);
            if (value != null) {
                filters.put(name.substring(CONTEXT.length()), value);
            }
        }
        if (filters.size() > MAX_CONTEXT_FILTERS) {
            throw ApiException.invalid("context", "at most " + MAX_CONTEXT_FILTERS
                    + " context.<key> filters may be combined");
        }
        return filters;
    }
}
