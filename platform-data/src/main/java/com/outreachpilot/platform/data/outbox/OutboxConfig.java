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

    @WithDefault("500")
    int batchSize();

    /** Partitions for topics the relay creates when they do not exist. */
    @WithDefault("6")
    int topicPartitions();

    @WithDefault("1")
    short topicReplicationFactor();
}
