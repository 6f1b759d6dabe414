package com.outreachpilot.contacts.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which companies a list shows; null (or an empty {@code context}) means "any", and every filter given must hold.
 * {@code domain} is already normalized; {@code industry} is trimmed and compared ignoring case; {@code context}
 * is as in {@link ContactFilter}.
 */
public record CompanyFilter(String search, String domain, String industry, Map<String, String> context) {

    public CompanyFilter {
        context = context == null || context.isEmpty() ? Map.of()
                : Collections.unmodifiableSortedMap(new TreeMap<>(context));
    }
}
