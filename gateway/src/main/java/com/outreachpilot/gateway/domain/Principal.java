package com.outreachpilot.gateway.domain;

import java.util.List;

/** What billing-service says about an API key. {@link #UNKNOWN} when no key has the hash. */
public record Principal(String keyId, String orgId, boolean orgExists, String plan, List<String> scopes,
                        boolean revoked) {

    public static final Principal UNKNOWN = new Principal(null, null, false, null, List.of(), false);

    public boolean known() {
        return keyId != null;
    }

    public boolean hasScope(String scope) {
        return scopes.contains("*") || scopes.contains(scope);
    }

    public boolean planAllowsApi() {
        return "pro".equals(plan) || "scale".equals(plan);
    }
}
