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

    private PrivateKey key;
    private Cache<String, String> tokens;

    void init(@Observes StartupEvent event) {
        String pem = config.signingKey().orElseThrow(() -> new IllegalStateException(
                "gateway.signing-key (OP_JWT_PRIVATE_KEY) is not set: the gateway cannot sign internal tokens"));
        key = InternalTokens.privateKey(pem);
        Duration reuse = config.tokenLifetime().multipliedBy(3).dividedBy(4);
        tokens = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(reuse).build();
    }

    public String tokenFor(InternalToken principal, Set<String> audiences) {
        String cacheKey = principal.role() + "|" + principal.keyId() + "|" + principal.orgId() + "|" + principal.plan()
                + "|" + principal.scopes() + "|" + audiences;
        return tokens.get(cacheKey, k -> InternalTokens.mint(principal, audiences, config.tokenLifetime(), key));
    }
}
