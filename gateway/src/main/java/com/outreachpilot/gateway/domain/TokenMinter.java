package com.outreachpilot.gateway.domain;

import com.github.benmanes.caffeine.cache.Cache;
import com.outreachpilot.platform.concurrency.LocalCaches;
import com.outreachpilot.gateway.config.GatewayConfig;
import com.outreachpilot.platform.auth.InternalToken;
import com.outreachpilot.platform.auth.InternalTokens;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.security.PrivateKey;
import java.time.Duration;
import java.util.Set;

/**
 * Internal tokens for principals. An RS256 signature costs ~1 ms of CPU, so a principal's token is minted
 * once and reused for three quarters of its lifetime, counted on the wall clock the services verify with (a
 * clock stepped since the mint gets a new one); per-request values (the request id) travel in headers.
 */
@ApplicationScoped
public class TokenMinter {

    @Inject
    GatewayConfig config;

    @Inject
    Clock clock;

    /** The longest lifetime the services' verifier accepts (platform's {@code smallrye.jwt.verify} settings). */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(300);

    private PrivateKey key;
    private Cache<String, Minted> tokens;

    /** A token and the wall-clock seconds it was minted at and stops being handed out. */
    private record Minted(String token, long issuedAt, long reuseUntil) {
    }

    void init(@Observes StartupEvent event) {
        String pem = config.signingKey().orElseThrow(() -> new IllegalStateException(
                "gateway.signing-key (OP_JWT_PRIVATE_KEY) is not set: the gateway cannot sign internal tokens"));
        key = InternalTokens.privateKey(pem);
        Duration reuse = config.tokenLifetime().multipliedBy(3).dividedBy(4);
        tokens = LocalCaches.builder().maximumSize(100_000).expireAfterWrite(reuse).build();
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
        return tokenFor(principal, audiences, outlive, clock.epochSecond());
    }

    /** {@link #tokenFor(InternalToken, Set, Duration)} at wall-clock second {@code now}. */
    String tokenFor(InternalToken principal, Set<String> audiences, Duration outlive, long now) {
        Duration lifetime = config.tokenLifetime().plus(outlive);
        if (lifetime.compareTo(MAX_LIFETIME) > 0) {
            lifetime = MAX_LIFETIME;
        }
        Duration minted = lifetime;
        String cacheKey = principal.role() + "|" + principal.keyId() + "|" + principal.orgId() + "|" + principal.plan()
                + "|" + principal.scopes() + "|" + audiences + "|" + minted.toSeconds();
        Minted cached = tokens.getIfPresent(cacheKey);
        // the cache expires on the monotonic clock, the token on the wall clock the services check: a wall clock
        // stepped forward (or back) since the mint must not hand out a token the services refuse
        if (cached == null || now > cached.reuseUntil() || now < cached.issuedAt() - 1) {
            cached = new Minted(InternalTokens.mint(principal, audiences, now, minted, key), now,
                    now + minted.toSeconds() - config.tokenLifetime().toSeconds() / 4);
            tokens.put(cacheKey, cached);
        }
        return cached.token();
    }
}
