package com.outreachpilot.contacts.domain;

import com.outreachpilot.platform.error.FieldError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A resource's fields as a client sent them: only what was provided, so an update changes only those.
 * Fields a resource does not know are kept in its {@code context}, merged key by key.
 */
public abstract class Fields {

    static final int MAX_TEXT = 500;

    public final Map<String, Object> given;
    private final Set<String> known;

    protected Fields(Map<String, Object> given, Set<String> known) {
        this.given = given;
        this.known = known;
    }

    public boolean has(String field) {
        return given.containsKey(field);
    }

    /** The field trimmed; blank is null. */
    public String text(String field) {
        Object value = given.get(field);
        if (value == null) {
            return null;
        }
        String trimmed = value.toString().trim();
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** Unknown fields and an explicit {@code context} object, which go into the resource's context. */
    public Map<String, Object> extra() {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (given.get("context") instanceof Map<?, ?> map) {
            map.forEach((k, v) -> extra.put(String.valueOf(k), v));
        }
        given.forEach((k, v) -> {
            if (!known.contains(k)) {
                extra.put(k, v);
            }
        });
        return extra;
    }

    /** {@code context} with this request's extra fields merged in (a key given again replaces its value). */
    public Map<String, Object> mergedContext(Map<String, Object> context) {
        Map<String, Object> extra = extra();
        if (extra.isEmpty()) {
            return context;
        }
        Map<String, Object> merged = new LinkedHashMap<>(context == null ? Map.of() : context);
        merged.putAll(extra);
        return merged;
    }

    /** Each named field, when present and not null, must be a string of at most {@value #MAX_TEXT} characters. */
    protected void checkTexts(String prefix, List<String> names, List<FieldError> problems) {
        for (String field : names) {
            Object value = given.get(field);
            if (value != null && !(value instanceof String)) {
                problems.add(new FieldError(prefix + field, "must be a string"));
            } else if (value != null && ((String) value).length() > MAX_TEXT) {
                problems.add(new FieldError(prefix + field, "must be at most " + MAX_TEXT + " characters"));
            }
        }
        if (has("context") && given.get("context") != null && !(given.get("context") instanceof Map)) {
            problems.add(new FieldError(prefix + "context", "must be an object"));
        }
    }

    /** Merges later items into earlier ones with the same key: later values win, the first position is kept. */
    public static <F extends Fields> Map<String, F> mergeByKey(List<F> items, java.util.function.Function<F, String> key,
            java.util.function.Function<Map<String, Object>, F> make) {
        Map<String, F> byKey = new LinkedHashMap<>();
        for (F item : items) {
            byKey.merge(key.apply(item), item, (first, later) -> {
                Map<String, Object> merged = new LinkedHashMap<>(first.given);
                merged.putAll(later.given);
                return make.apply(merged);
            });
        }
        return byKey;
    }
}
