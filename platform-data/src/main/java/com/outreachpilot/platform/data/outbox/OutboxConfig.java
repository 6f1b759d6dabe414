package com.outreachpilot.platform.data.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the outbox relay publishes committed events to Kafka. */
@ConfigMapping(prefix = "platform.outbox")
public interface OutboxConfig {

    @WithDefault("true")
    boolean relayEnabled();

    /** Longest wait between two looks at the outbox; commits wake the relay sooner through LISTEN/NOTIFY. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** Events published per relay pass (a pass takes whole rows, so it may carry one row's worth more). */
    @WithDefault("1000")
    int batchSize();

    /**
     * Kafka producer compression ({@code none}, {@code lz4}, {@code zstd}, …). None by default: compressing
     * and decompressing every event costs the producing service and every consumer CPU, which a broker on the
     * same machine or a fast network does not repay; lz4 pays off when the brokers' disks or network are the
     * limit.
     */
    @WithDefault("none")
    String compression();

    /**
     * The largest event (its JSON, in bytes) the relay publishes; the producer's {@code max.request.size} and the
     * topics it creates ({@code max.message.bytes}) allow this plus headroom. A larger event is moved to the
     * dead-letter table instead of blocking the events behind it. Services bound their stored fields well below.
     */
    @WithDefault("1000000")
    int maxEventBytes();

    /** Partitions for topics the relay creates when they do not exist. */
    @WithDefault("6")
    int topicPartitions();

    @WithDefault("1")
    short topicReplicationFactor();
}
