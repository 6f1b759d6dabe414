package com.outreachpilot.platform.auth;

/**
 * The roles an internal token carries in its {@code role} claim (mapped to groups): who may call an endpoint
 * is declared with {@code @RolesAllowed} or {@code @PermitAll}. An endpoint with neither is for
 * {@link #API_KEY} callers (set by {@code quarkus.security.jaxrs.default-roles-allowed}); a token whose role is
 * none of these may call nothing.
 */
public final class Roles {

    /** A customer's API key, acting on its organization's data. */
    public static final String API_KEY = "api_key";
    /** An operator calling the admin API. */
    public static final String ADMIN = "admin";
    /** One of the platform's services calling another's internal API on no organization's behalf. */
    public static final String SERVICE = "service";

    private Roles() {
    }
}
