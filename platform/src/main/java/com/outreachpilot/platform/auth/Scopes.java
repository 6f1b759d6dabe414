package com.outreachpilot.platform.auth;

import java.util.Collection;

/** The one rule of API-key scopes: a key has the scopes it was given, and {@code *} is every scope. */
public final class Scopes {

    public static final String ALL = "*";

    private Scopes() {
    }

    public static boolean grants(Collection<String> held, String needed) {
        return held.contains(ALL) || held.contains(needed);
    }
}
