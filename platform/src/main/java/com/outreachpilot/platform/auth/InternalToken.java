package com.outreachpilot.platform.auth;

import java.util.List;

/**
 * What the gateway vouches for about a caller, carried in the internal JWT: the organization and API key
 * behind the request, the key's scopes and the organization's plan. Operators calling the admin API carry
 * {@link Role#ADMIN} and no organization; the platform's own services calling each other's internal API
 * on no organization's behalf (e.g. the gateway resolving a key) carry {@link Role#SERVICE}.
 */
public record InternalToken(Role role, String orgId, String keyId, List<String> scopes, String plan) {

    public enum Role {
        API_KEY, ADMIN, SERVICE
    }

    public InternalToken {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    public static InternalToken forKey(String orgId, String keyId, List<String> scopes, String plan) {
        return new InternalToken(Role.API_KEY, orgId, keyId, scopes, plan);
    }

    public static InternalToken service(String serviceName) {
        return new InternalToken(Role.SERVICE, null, serviceName, List.of(), null);
    }

    public static InternalToken admin() {
        return new InternalToken(Role.ADMIN, null, null, List.of(), null);
    }

}
