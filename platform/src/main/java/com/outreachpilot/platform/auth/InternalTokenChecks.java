package com.outreachpilot.platform.auth;

import com.outreachpilot.platform.time.Clock;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;

/**
 * What MicroProfile JWT does not check of an internal token by configuration: its role is one the platform
 * knows, an organization id has the shape of one, and it was not issued in the future (which would stretch
 * its lifetime past the limit). A token failing any of these is refused like a forged one.
 */
@ApplicationScoped
public class InternalTokenChecks implements SecurityIdentityAugmentor {

    private static final Set<String> ROLES = Set.of(Roles.API_KEY, Roles.ADMIN, Roles.SERVICE);
    /** How far ahead of this clock an {@code iat} may be (the clocks of two machines differ a little). */
    private static final long ISSUED_AHEAD_SECONDS = 30;

    @Inject
    Clock clock;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Uni.createFrom().item(identity);
        }
        String problem = problem(jwt);
        return problem == null ? Uni.createFrom().item(identity)
                : Uni.createFrom().failure(new AuthenticationFailedException(problem));
    }

    private String problem(JsonWebToken jwt) {
        Object role = jwt.getClaim(InternalTokens.CLAIM_ROLE);
        if (!(role instanceof String name) || !ROLES.contains(name)) {
            return "unknown role";
        }
        Object org = jwt.getClaim(InternalTokens.CLAIM_ORG);
        if (org != null) {
            try {
                OrgId.of(String.valueOf(org));
            } catch (IllegalArgumentException e) {
                return "malformed org_id";
            }
        } else if (Roles.API_KEY.equals(role)) {
            return "an API key's token names no organization";
        }
        if (jwt.getIssuedAtTime() > clock.epochSecond() + ISSUED_AHEAD_SECONDS) {
            return "issued in the future";
        }
        return null;
    }
}
