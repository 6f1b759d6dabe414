package com.outreachpilot.platform.events;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way a service consumes domain events: a thread polls, {@link #handle} does the work, and only then
 * are the offsets committed, so every event is handled at least once and a crash anywhere loses nothing. A
 * failure of {@link #handle} drops the consumer and starts a new one from the last committed offsets after a
 * pause; handlers are therefore idempotent (a unique key, or {@code ProcessedEvents} of platform-data, which
 * records each handled event id in the handling transaction).
 *
 * <p>Two modes: a consumer <em>group</em> shares the partitions among a service's replicas (work such as
 * webhook fan-out), or {@link Mode#BROADCAST} where every replica reads every partition from the end and commits
 * nothing (local caches that every replica must invalidate).
 *
 * <p>A subclass is an application-scoped bean; it starts consuming when the application starts and stops with
 * it (the observers below are inherited).
 */
public abstract class EventConsumer {

    public enum Mode { GROUP, BROADCAST }

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RESTART_PAUSE = Duration.ofSeconds(1);
    /** Offsets past records that changed nothing are committed at most this often, not after every poll. */
    private static final Duration IDLE_COMMIT_INTERVAL = Duration.ofSeconds(1);

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    /** Names the thread, the Kafka client id and, in {@link Mode#GROUP}, the default group. */
    protected abstract String name();

    protected abstract Collection<String> topics();

    protected Mode mode() {
        return Mode.GROUP;
    }

    /** The consumer group in {@link Mode#GROUP}. */
    protected String group() {
        return name();
    }

    /**
     * Handles one poll's records; throws to have them delivered again. Returns whether it wrote anything durable,
     * in which case the offsets are committed at once (otherwise at most once a second).
     */
    protected abstract boolean handle(ConsumerRecords<String, byte[]> records) throws Exception;

    /** Settings beyond the defaults (e.g. {@code max.poll.records}). */
    protected Map<String, Object> settings() {
        return Map.of();
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    public final synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, name());
        thread.setDaemon(true);
        thread.start();
    }

    public final synchronized void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                consumer = c;
                if (mode() == Mode.BROADCAST) {
                    assignAllFromTheEnd(c);
                } else {
                    c.subscribe(List.copyOf(topics()));
                }
                consume(c);
            } catch (WakeupException e) {
                // stopping
            } catch (Exception e) {
                // nothing was committed past the last handled poll: a new consumer resumes from there
                LOG.warnf("%s interrupted, resuming from the last committed offsets: %s", name(), e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private void consume(KafkaConsumer<String, byte[]> c) throws Exception {
        boolean commits = mode() == Mode.GROUP;
        boolean uncommitted = false;
        long lastCommit = System.nanoTime();
        while (running) {
            ConsumerRecords<String, byte[]> records = c.poll(POLL);
            boolean wrote = !records.isEmpty() && handle(records);
            uncommitted |= !records.isEmpty();
            if (commits && uncommitted && (wrote || System.nanoTime() - lastCommit >= IDLE_COMMIT_INTERVAL.toNanos())) {
                c.commitSync();
                uncommitted = false;
                lastCommit = System.nanoTime();
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, name());
        if (mode() == Mode.GROUP) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group());
            // a new group starts at the beginning of the topics: nothing published before it is lost
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        }
        config.putAll(settings());
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void assignAllFromTheEnd(KafkaConsumer<String, byte[]> c) {
        while (running) {
            List<TopicPartition> assigned = new ArrayList<>();
            try {
                for (String topic : topics()) {
                    List<PartitionInfo> partitions = c.partitionsFor(topic, Duration.ofSeconds(5));
                    if (partitions == null || partitions.isEmpty()) {
                        assigned.clear();
                        break;
                    }
                    partitions.forEach(p -> assigned.add(new TopicPartition(topic, p.partition())));
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.debugf("%s waiting for its topics: %s", name(), e.getMessage());
                assigned.clear();
            }
            if (!assigned.isEmpty()) {
                c.assign(assigned);
                c.seekToEnd(assigned);
                assigned.forEach(c::position); // fix the starting point now, not at the first poll
                return;
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RESTART_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
