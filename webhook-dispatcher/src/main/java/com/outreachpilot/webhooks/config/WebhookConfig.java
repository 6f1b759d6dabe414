package com.outreachpilot.webhooks.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How webhooks are delivered; every value can be set by environment variable (see README). */
@ConfigMapping(prefix = "webhooks")
public interface WebhookConfig {

    /** Delay before each attempt: the first is the first attempt's, then one per retry (Svix's schedule). */
    @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
    List<Duration> retrySchedule();

    /** Each retry delay is moved by up to this fraction either way, so failed bursts do not retry in lockstep. */
    @WithDefault("0.1")
    double retryJitter();

    /** A subscription failing for this long without a single success is disabled. */
    @WithDefault("5d")
    Duration disableAfter();

    /** Time for one attempt: connect, send, and read the answer. */
    @WithDefault("15s")
    Duration timeout();

    /** Attempts in flight per subscription; a slow endpoint fills only its own slots. */
    @WithDefault("8")
    int perEndpointConcurrency();

    /** Attempts in flight per dispatcher. */
    @WithDefault("256")
    int maxInFlight();

    /**
     * A claimed delivery is held for five attempt timeouts (the attempt itself and at most four rounds of its
     * endpoint's attempts ahead of it) plus this margin; a dispatcher that dies mid-attempt leaves its deliveries to
     * the others once that has passed.
     */
    @WithDefault("30s")
    Duration leaseMargin();

    /** After a secret rotation, how long deliveries are also signed with the previous secret. */
    @WithDefault("24h")
    Duration rotationGrace();

    /** Only https URLs are accepted (set false for local runs against an http receiver). */
    @WithDefault("true")
    boolean requireHttps();

    /**
     * Address ranges (CIDR) that are otherwise refused but allowed here, e.g. 127.0.0.0/8 for a receiver on
     * the same machine. Cloud metadata addresses are refused regardless.
     */
    Optional<List<String>> allowedCidrs();

    /** How often due retries are looked for when nothing wakes the dispatcher earlier. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Finished deliveries (and their log) are kept this long. */
    @WithDefault("30d")
    Duration deliveryRetention();

    /** Events stay readable in the events feed (and replayable) this long after they were stored. */
    @WithDefault("30d")
    Duration eventsRetention();

    /** Kafka consumer group shared by dispatcher replicas. */
    @WithDefault("webhook-dispatcher")
    String consumerGroup();
}
