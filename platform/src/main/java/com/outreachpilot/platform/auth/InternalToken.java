package com.outreachpilot.platform.auth;

import java.util.List;

/**
 * What the gateway vouches for about a caller, carried in the internal JWT: the organization and API key
 * behind the request, the key's scopes and the organization's plan. Operators calling the admin API carry
 * {@link Role#ADMIN} and no organization.
 */
public record InternalToken(Role role, String orgId, String keyId, List<String> scopes, String plan) {

    public enum Role {
        API_KEY, ADMIN
    }

    public InternalToken {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public static InternalToken forKey(String orgId, String keyId, List<String> scopes, String plan) {
        return new InternalToken(Role.API_KEY, orgId, keyId, scopes, plan);
    }

    public static InternalToken admin() {
        return new InternalToken(Role.ADMIN, null, null, List.of(), null);
    }

    public boolean hasScope(String scope) {
        return scopes.contains("*") || scopes.contains(scope);
    }
}
