package com.outreachpilot.platform.auth;

import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Refuses an API key's request to an endpoint whose {@link RequiresScope} the key's scopes do not grant:
 * 403 {@code SCOPE_DENIED}, as the gateway answers. Runs after authentication (an unauthenticated request is
 * left to the roles check, which answers 401).
 */
public class ScopeCheck {

    @Inject
    CurrentIdentityAssociation identities;

    @ServerRequestFilter
    public Uni<Void> check(ResourceInfo resource) {
        RequiresScope required = required(resource);
        if (required == null) {
            return Uni.createFrom().voidItem();
        }
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                    || !Roles.API_KEY.equals(jwt.getClaim(InternalTokens.CLAIM_ROLE))) {
                return null;
            }
            List<String> held = InternalTokens.scopes(jwt);
            for (String scope : required.value()) {
                if (Scopes.grants(held, scope)) {
                    return null;
                }
            }
            throw new ApiException(ErrorCode.SCOPE_DENIED, "API key missing required scope for this endpoint",
                    "Needs scope " + String.join(" or ", required.value()) + "; the key has " + held);
        });
    }

    private static RequiresScope required(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        RequiresScope onMethod = method.getAnnotation(RequiresScope.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RequiresScope.class);
    }
}
