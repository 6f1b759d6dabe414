package com.outreachpilot.contacts.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Which contacts a list shows; null (or an empty {@code context}) means "any", and every filter given must hold.
 * {@code search} and {@code title} are trimmed and not blank; {@code title} is a text the title contains, ignoring
 * case. {@code context} maps top-level context keys (exact) to the value each must have, ignoring case (a number
 * or boolean compared in its JSON text form); it is kept sorted, so equal filters are equal whatever the order
 * they were given in.
 */
public record ContactFilter(String status, UUID folderId, String search, Instant updatedSince, UUID accountId,
                            String title, Map<String, String> context) {

    public ContactFilter {
        context = context == null || context.isEmpty() ? Map.of()
                : Collections.unmodifiableSortedMap(new TreeMap<>(context));
    }

    /** True when nothing is filtered: every contact of the organization is listed. */
    public boolean isEmpty() {
        return status == null && folderId == null && search == null && updatedSince == null && accountId == null
                && title == null && context.isEmpty();
    }

    /** The same filter without its search term. */
    public ContactFilter withoutSearch() {
        return new ContactFilter(status, folderId, null, updatedSince, accountId, title, context);
    }
}
