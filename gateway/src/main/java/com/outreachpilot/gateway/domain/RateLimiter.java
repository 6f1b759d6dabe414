package com.outreachpilot.gateway.domain;

import com.github.benmanes.caffeine.cache.Cache;
import com.outreachpilot.platform.concurrency.LocalCaches;
import com.outreachpilot.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * A token bucket per API key, sized by the organization's plan. Buckets live in this gateway's memory: with
 * N replicas behind a load balancer a key may get up to N times its rate (see README).
 */
@ApplicationScoped
public class RateLimiter {

    /** The outcome of one request: allowed or not, and what the RateLimit headers should say. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds,
                           long windowSeconds) {
    }

    static final class Bucket {
        private final double perSecond;
        private final int burst;
        private double tokens;
        private long refilledAtNanos;

        Bucket(double perSecond, int burst, long now) {
            this.perSecond = perSecond;
            this.burst = burst;
            this.tokens = burst;
            this.refilledAtNanos = now;
        }

        synchronized boolean hasToken(long now) {
            return Math.min(burst, tokens + (now - refilledAtNanos) / 1e9 * perSecond) >= 1;
        }

        synchronized Decision take(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAtNanos) / 1e9 * perSecond);
            refilledAtNanos = now;
            long window = (long) Math.ceil(burst / perSecond);
            if (tokens >= 1) {
                tokens -= 1;
                long reset = (long) Math.ceil((burst - tokens) / perSecond);
                return new Decision(true, burst, (int) Math.floor(tokens), reset, 0, window);
            }
            long retry = Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
            return new Decision(false, burst, 0, retry, retry, window);
        }
    }

    @Inject
    GatewayConfig config;

    private final Cache<String, Bucket> buckets =
            LocalCaches.builder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(1_000_000).build();

    private final Cache<String, Bucket> failures =
            LocalCaches.builder().expireAfterAccess(Duration.ofMinutes(10)).maximumSize(200_000).build();

    /**
     * Counts a failed authentication from {@code client} (its address); refused once the address has failed
     * more than the configured burst, refilling at the configured rate. Guessing keys costs a billing lookup
     * each, so it is throttled per address, not per (unknown) key.
     */
    public Decision failedAuthentication(String client) {
        long now = System.nanoTime();
        return failures.get(client, k -> new Bucket(config.failedAuthPerSecond(), config.failedAuthBurst(), now))
                .take(now);
    }

    /** Whether {@code client} has used up its failed authentications (checked before a lookup; takes nothing). */
    public boolean blocked(String client) {
        Bucket bucket = failures.getIfPresent(client);
        return bucket != null && !bucket.hasToken(System.nanoTime());
    }

    /** Takes one token for {@code keyId}; keys on a plan without limits are always allowed. */
    public Decision take(String keyId, String plan) {
        GatewayConfig.RateLimit limit = config.rateLimits().get(plan);
        if (limit == null) {
            return null;
        }
        long now = System.nanoTime();
        return buckets.get(keyId + "|" + plan, k -> new Bucket(limit.perSecond(), limit.burst(), now)).take(now);
    }
}
