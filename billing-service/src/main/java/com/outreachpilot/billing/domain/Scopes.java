package com.outreachpilot.billing.domain;

import com.outreachpilot.platform.error.ApiException;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Storing a key's scopes: validated against the platform's catalogue ({@code platform.auth.Scopes}). */
public final class Scopes {

    private Scopes() {
    }

    /** Validates and normalizes (deduplicated, in given order); an empty list is refused. */
    public static List<String> parse(List<String> scopes) {
        if (scopes == null || scopes.isEmpty()) {
            throw ApiException.invalid("scopes", "must list at least one of contacts, campaigns, chat, credits or *");
        }
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < scopes.size(); i++) {
            String scope = scopes.get(i);
            if (scope == null || !com.outreachpilot.platform.auth.Scopes.KNOWN.contains(scope)) {
                throw ApiException.invalid("scopes[" + i + "]", "must be one of contacts, campaigns, chat, credits, *");
            }
            out.add(scope);
        }
        return new ArrayList<>(out);
    }

    public static String store(List<String> scopes) {
        return String.join(" ", scopes);
    }

    public static List<String> load(String stored) {
        return stored == null || stored.isBlank() ? List.of() : List.of(stored.split(" "));
    }
}
