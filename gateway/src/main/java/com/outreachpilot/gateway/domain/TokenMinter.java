package com.outreachpilot.gateway.domain;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.outreachpilot.gateway.config.GatewayConfig;
import com.outreachpilot.platform.auth.InternalToken;
import com.outreachpilot.platform.auth.InternalTokens;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/**
 * Internal tokens for principals. An RS256 signature costs ~1 ms of CPU, so a principal's token is minted
 * once and reused for three quarters of its lifetime; per-request values (the request id) travel in headers.
 */
@ApplicationScoped
public class TokenMinter {

    @Inject
    GatewayConfig config;

    /** The longest lifetime the services' verifier accepts (platform's {@code smallrye.jwt.verify} settings). */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(300);

    private PrivateKey key;
    private Cache<String, String> tokens;

    void init(@Observes StartupEvent event) {
        String pem = config.signingKey().orElseThrow(() -> new IllegalStateException(
                "gateway.signing-key (OP_JWT_PRIVATE_KEY) is not set: the gateway cannot sign internal tokens"));
        key = InternalTokens.privateKey(pem);
        Duration reuse = config.tokenLifetime().multipliedBy(3).dividedBy(4);
        tokens = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(reuse).build();
    }

    /** A token that is good for at least a quarter of the standard lifetime (15 s by default). */
    public String tokenFor(InternalToken principal, Set<String> audiences) {
        return tokenFor(principal, audiences, Duration.ZERO);
    }

    /**
     * A token still good after {@code outlive} plus a quarter of the standard lifetime: a long-running route (the
     * chat agent's tool calls come late in its request) gets one minted for {@code outlive} more, reused as long as
     * the standard one. Services accept at most {@link #MAX_LIFETIME} of lifetime.
     */
    public String tokenFor(InternalToken principal, Set<String> audiences, Duration outlive) {
        Duration lifetime = config.tokenLifetime().plus(outlive);
        if (lifetime.compareTo(MAX_LIFETIME) > 0) {
            lifetime = MAX_LIFETIME;
        }
        Duration minted = lifetime;
        String cacheKey = principal.role() + "|" + principal.keyId() + "|" + principal.orgId() + "|" + principal.plan()
                + "|" + principal.scopes() + "|" + audiences + "|" + minted.toSeconds();
        return tokens.get(cacheKey, k -> InternalTokens.mint(principal, audiences, minted, key));
    }
}
