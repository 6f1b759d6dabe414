package com.outreachpilot.contacts.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/** A resource's {@code context}: the fields the API does not know, kept as given and merged key by key. */
final class Context {

    private Context() {
    }

    /**
     * {@code stored} with a request's explicit context object and then its unknown fields merged in (a key
     * given again replaces its value); {@code stored} itself when the request brings nothing.
     */
    static Map<String, Object> merged(Map<String, Object> stored, Map<String, Object> context,
            Map<String, Object> unknown) {
        if ((context == null || context.isEmpty()) && unknown.isEmpty()) {
            return stored;
        }
        Map<String, Object> merged = new LinkedHashMap<>(stored == null ? Map.of() : stored);
        if (context != null) {
            merged.putAll(context);
        }
        merged.putAll(unknown);
        return merged;
    }
}
