package com.outreachpilot.platform.auth;

import java.util.Collection;
import java.util.Set;

/**
 * API-key scopes, one per area of the API, and their one rule: a key has the scopes it was given, and
 * {@code *} is every scope. The gateway's route table, the services' {@link RequiresScope} and billing's key
 * validation all name them from here.
 */
public final class Scopes {

    public static final String CONTACTS = "contacts";
    public static final String CAMPAIGNS = "campaigns";
    public static final String CHAT = "chat";
    public static final String CREDITS = "credits";
    public static final String ALL = "*";
    /** Every scope a key may be given, {@code *} included. */
    public static final Set<String> KNOWN = Set.of(CONTACTS, CAMPAIGNS, CHAT, CREDITS, ALL);

    private Scopes() {
    }

    public static boolean grants(Collection<String> held, String needed) {
        return held.contains(ALL) || held.contains(needed);
    }
}
