package com.outreachpilot.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Where the services are, the secrets the gateway holds, and its limits. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Base URL of each service by name: billing, contacts, campaigns, chat, webhooks. */
    Map<String, String> services();

    /** Bearer token of the operators' admin API; without it the admin API is closed. */
    Optional<String> adminToken();

    /** RS256 private key (PEM inline or a file path) that signs internal tokens. */
    Optional<String> signingKey();

    /** Lifetime of an internal token; a principal's token is reused for most of it. */
    @WithDefault("60s")
    Duration tokenLifetime();

    /** How long a resolved key is trusted before asking billing-service again (events drop it sooner). */
    @WithDefault("30s")
    Duration principalCacheTtl();

    /** How long an unknown key is remembered as unknown. */
    @WithDefault("5s")
    Duration unknownKeyCacheTtl();

    /** Upstream timeout for most routes. */
    @WithDefault("30s")
    Duration upstreamTimeout();

    /** Upstream timeout for the AI chat, whose answers take longer. */
    @WithDefault("120s")
    Duration chatTimeout();

    /** Largest request body for most routes. */
    @WithDefault("1M")
    io.quarkus.runtime.configuration.MemorySize maxBodySize();

    /** Largest request body for bulk imports (contacts, companies). */
    @WithDefault("10M")
    io.quarkus.runtime.configuration.MemorySize bulkMaxBodySize();

    /** A request body that pauses longer than this is answered 408 (the client was slow, not the service). */
    @WithDefault("10s")
    Duration bodyIdleTimeout();

    /**
     * A request's head (request line and headers) must arrive within this time of its first byte, and a new
     * connection's first request within this time of the connection: otherwise 408 and the connection closes.
     */
    @WithDefault("10s")
    Duration headerTimeout();

    /** The whole request body must arrive within this time. */
    @WithDefault("30s")
    Duration bodyTimeout();

    /** Failed authentications (unknown, malformed or revoked keys) one client address may make at once… */
    @WithDefault("20")
    int failedAuthBurst();

    /** …and per second after that; past it the address gets 429 before any lookup. */
    @WithDefault("2")
    double failedAuthPerSecond();

    /** Requests one API key may have in flight at once (a slow endpoint cannot tie up every connection). */
    @WithDefault("64")
    int maxInFlightPerKey();

    /** How long a request waits for a connection to its service when all are busy. */
    @WithDefault("5s")
    Duration upstreamPoolWait();

    /** Connections kept to each service. */
    @WithDefault("128")
    int upstreamPoolSize();

    /** Token bucket per API key, by plan name. */
    Map<String, RateLimit> rateLimits();

    interface RateLimit {
        /** Sustained requests per second. */
        double perSecond();

        /** Requests allowed at once after a quiet period. */
        int burst();
    }
}
