package com.outreachpilot.platform.auth;

import java.util.List;

/**
 * Who an API key speaks for, as billing-service's internal API answers {@code GET /internal/v1/api-keys/{hash}}
 * and the gateway reads it: the key, its organization (and whether that still exists), the organization's
 * plan, the key's scopes and whether it was revoked. {@link #UNKNOWN} stands for "no key has this hash".
 */
public record KeyPrincipal(String keyId, String orgId, boolean orgExists, String plan, List<String> scopes,
                           boolean revoked) {

    public static final KeyPrincipal UNKNOWN = new KeyPrincipal(null, null, false, null, List.of(), false);

    public KeyPrincipal {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public boolean known() {
        return keyId != null;
    }

    public boolean hasScope(String scope) {
        return Scopes.grants(scopes, scope);
    }

    public boolean planAllowsApi() {
        return Plan.allowsApi(plan);
    }
}
