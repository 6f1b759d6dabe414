package com.outreachpilot.webhooks.events;

import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.webhooks.config.WebhookConfig;
import com.outreachpilot.webhooks.domain.DeliveryWorker;
import com.outreachpilot.webhooks.repository.DeliveryRepository.NewDelivery;
import com.outreachpilot.webhooks.repository.DeliveryRepository.Target;
import com.outreachpilot.webhooks.repository.DeliveryRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns every domain event into deliveries: each enabled subscription of the event's organization that lists
 * its type (and existed when it happened) gets one. Deliveries are committed to PostgreSQL before the Kafka
 * offsets, so a crash anywhere loses nothing; a replayed event hits the (subscription, event) unique key and
 * creates nothing new. Replicas share the topics' partitions through one consumer group.
 */
@ApplicationScoped
public class EventFanOut {

    private static final Logger LOG = Logger.getLogger(EventFanOut.class);
    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SKIPPED_COMMIT_INTERVAL = Duration.ofSeconds(1);
    private static final DomainEventCodec CODEC = new DomainEventCodec();

    @Inject
    DeliveryRepository deliveries;

    @Inject
    DeliveryWorker worker;

    @Inject
    WebhookConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "webhook-event-fan-out");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
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
        }
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = newConsumer()) {
                consumer = c;
                c.subscribe(EventType.allTopics());
                boolean uncommitted = false;
                long lastCommit = System.nanoTime();
                while (running) {
                    ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                    boolean stored = !records.isEmpty() && store(records);
                    uncommitted |= !records.isEmpty();
                    // offsets past stored deliveries are committed at once; offsets past events that concerned no
                    // subscription only now and then (reading those again after a crash creates nothing), so a
                    // bulk import of an organization without webhooks is not a commit per poll
                    if (uncommitted && (stored || System.nanoTime() - lastCommit >= SKIPPED_COMMIT_INTERVAL.toNanos())) {
                        c.commitSync();
                        uncommitted = false;
                        lastCommit = System.nanoTime();
                    }
                }
            } catch (WakeupException e) {
                // shutting down
            } catch (Exception e) {
                // nothing was committed past the last stored batch: a new consumer resumes from there
                LOG.warnf("Webhook fan-out interrupted, resuming from the last committed offsets: %s", e.toString());
                pause();
            } finally {
                consumer = null;
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a new group starts at the beginning; events older than a subscription are skipped below
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000,
                ConsumerConfig.CLIENT_ID_CONFIG, "webhook-dispatcher-fan-out"),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The record key (organization) and the {@code event-type} header decide whether an event concerns any
     * subscription; only those events are parsed, so a bulk import of an organization without webhooks costs
     * one lookup per poll rather than a JSON parse per event.
     */
    /** Stores the deliveries these records call for; true if there were any. */
    private boolean store(ConsumerRecords<String, byte[]> records) {
        Set<String> orgs = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() != null) {
                orgs.add(record.key());
            }
        }
        if (orgs.isEmpty()) {
            return false;
        }
        List<Target> targets = deliveries.targets(orgs).await().atMost(STORE_TIMEOUT);
        if (targets.isEmpty()) {
            return false;
        }
        Map<String, List<Target>> byOrg = new HashMap<>();
        targets.forEach(t -> byOrg.computeIfAbsent(t.orgId(), o -> new ArrayList<>()).add(t));
        List<NewDelivery> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            List<Target> candidates = byOrg.get(record.key());
            String type = header(record, "event-type");
            if (candidates == null || (type != null && candidates.stream().noneMatch(t -> t.events().contains(type)))) {
                continue;
            }
            DomainEvent event = CODEC.deserialize(record.topic(), record.value());
            if (event == null || !record.key().equals(event.orgId()) || !EventType.isKnown(event.type())
                    || !EventType.of(event.type()).subscribable()) {
                continue;
            }
            String body = null;
            for (Target target : candidates) {
                if (target.events().contains(event.type()) && !event.occurredAt().isBefore(target.createdAt())) {
                    body = body != null ? body : WebhookBodies.of(event);
                    batch.add(new NewDelivery(Ids.newUuid(), event.orgId(), target.id(), event.id(), event.type(), body));
                }
            }
        }
        if (batch.isEmpty()) {
            return false;
        }
        int created = deliveries.pool().withTransaction(tx -> deliveries.insert(tx, batch)).await().atMost(STORE_TIMEOUT);
        if (created > 0) {
            worker.wake();
        }
        return true;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private void pause() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
