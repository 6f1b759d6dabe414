package com.outreachpilot.webhooks.events;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.webhooks.config.WebhookConfig;
import com.outreachpilot.webhooks.domain.DeliveryWorker;
import com.outreachpilot.webhooks.repository.DeliveryRepository;
import com.outreachpilot.webhooks.repository.DeliveryRepository.NewDelivery;
import com.outreachpilot.webhooks.repository.DeliveryRepository.Target;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

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

    @Inject
    DeliveryRepository deliveries;

    @Inject
    DeliveryWorker worker;

    @Inject
    WebhookConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile boolean running;
    private volatile KafkaConsumer<String, DomainEvent> consumer;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "webhook-event-fan-out");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, DomainEvent> current = consumer;
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
            try (KafkaConsumer<String, DomainEvent> c = newConsumer()) {
                consumer = c;
                c.subscribe(EventType.allTopics());
                while (running) {
                    ConsumerRecords<String, DomainEvent> records = c.poll(Duration.ofMillis(500));
                    if (!records.isEmpty()) {
                        store(records);
                        c.commitSync();
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

    private KafkaConsumer<String, DomainEvent> newConsumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, config.consumerGroup(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // a new group starts at the beginning; events older than a subscription are skipped below
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500,
                ConsumerConfig.CLIENT_ID_CONFIG, "webhook-dispatcher-fan-out"),
                new StringDeserializer(), new DomainEventCodec());
    }

    private void store(ConsumerRecords<String, DomainEvent> records) {
        List<DomainEvent> events = new ArrayList<>();
        Set<String> orgs = new HashSet<>();
        for (ConsumerRecord<String, DomainEvent> record : records) {
            DomainEvent event = record.value();
            if (event != null && event.orgId() != null && EventType.isKnown(event.type())
                    && EventType.of(event.type()).subscribable()) {
                events.add(event);
                orgs.add(event.orgId());
            }
        }
        if (events.isEmpty()) {
            return;
        }
        List<Target> targets = deliveries.targets(orgs).await().atMost(STORE_TIMEOUT);
        Map<String, List<Target>> byOrg = new HashMap<>();
        targets.forEach(t -> byOrg.computeIfAbsent(t.orgId(), o -> new ArrayList<>()).add(t));
        List<NewDelivery> batch = new ArrayList<>();
        for (DomainEvent event : events) {
            String body = null;
            for (Target target : byOrg.getOrDefault(event.orgId(), List.of())) {
                if (target.events().contains(event.type()) && !event.occurredAt().isBefore(target.createdAt())) {
                    body = body != null ? body : WebhookBodies.of(event);
                    batch.add(new NewDelivery(UUID.randomUUID(), event.orgId(), target.id(), event.id(), event.type(), body));
                }
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        int created = deliveries.pool().withTransaction(tx -> deliveries.insert(tx, batch)).await().atMost(STORE_TIMEOUT);
        if (created > 0) {
            worker.wake();
        }
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
