package com.outreachpilot.gateway.domain;

import java.util.Set;

/**
 * One entry of the routing table: requests whose path starts with {@code prefix} go to {@code service},
 * need {@code scope} (null for admin and public routes, and for MCP, whose tools each check their own), and
 * carry a token for {@code audiences}.
 */
public record Route(String prefix, String service, Access access, String scope, Set<String> audiences, Limits limits) {

    public enum Access {
        /** An organization's API key with the route's scope, on a plan with API access. */
        API_KEY,
        /** The operators' admin token. */
        ADMIN,
        /** Anyone (links in campaign emails). */
        PUBLIC
    }

    public enum Limits {
        STANDARD, BULK, LONG_RUNNING
    }

    public boolean matches(String path) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
}
