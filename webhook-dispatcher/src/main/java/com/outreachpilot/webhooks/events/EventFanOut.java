package com.outreachpilot.webhooks.events;

import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventConsumer;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.webhooks.config.WebhookConfig;
import com.outreachpilot.webhooks.domain.DeliveryWorker;
import com.outreachpilot.webhooks.domain.Subscription;
import com.outreachpilot.webhooks.repository.DeliveryRepository;
import com.outreachpilot.webhooks.repository.DeliveryRepository.NewDelivery;
import com.outreachpilot.webhooks.repository.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns every domain event into deliveries: each enabled subscription of the event's organization that lists
 * its type (and existed when it happened) gets one. Replicas share the topics' partitions through one consumer
 * group. A poll's deliveries are committed to PostgreSQL before its offsets, so a crash anywhere loses nothing.
 * Its dedupe is the (subscription, event) unique key of the delivery table rather than {@code ProcessedEvents}:
 * a replayed event, or a poll read again after a restart, hits the key and creates nothing new.
 */
@ApplicationScoped
public class EventFanOut extends EventConsumer {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);
    private static final DomainEventCodec CODEC = new DomainEventCodec();

    @Inject
    SubscriptionRepository subscriptions;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    DeliveryWorker worker;

    @Inject
    WebhookConfig config;



    @Override
    protected String name() {
        return "webhook-dispatcher-fan-out";
    }

    @Override
    protected Collection<String> topics() {
        return EventType.allTopics();
    }

    @Override
    protected String group() {
        return config.consumerGroup();
    }

    @Override
    protected Map<String, Object> settings() {
        return Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
    }

    /**
     * Stores the deliveries these records call for; true if there were any. The record key (organization) and
     * the {@code event-type} header decide whether an event concerns any subscription; only those events are
     * parsed, so a bulk import of an organization without webhooks costs one lookup per poll rather than a
     * JSON parse per event.
     */
    @Override
    protected boolean handle(ConsumerRecords<String, byte[]> records) {
        Set<String> orgs = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (record.key() != null) {
                orgs.add(record.key());
            }
        }
        if (orgs.isEmpty()) {
            return false;
        }
        List<Subscription> targets = subscriptions.enabledOf(orgs).await().atMost(STORE_TIMEOUT);
        if (targets.isEmpty()) {
            return false;
        }
        Map<String, List<Subscription>> byOrg = new HashMap<>();
        targets.forEach(t -> byOrg.computeIfAbsent(t.orgId, o -> new ArrayList<>()).add(t));
        List<NewDelivery> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            List<Subscription> candidates = byOrg.get(record.key());
            String type = header(record, "event-type");
            if (candidates == null || (type != null && candidates.stream().noneMatch(t -> t.events.contains(type)))) {
                continue;
            }
            DomainEvent event = CODEC.deserialize(record.topic(), record.value());
            if (event == null || !record.key().equals(event.orgId()) || !EventType.isKnown(event.type())
                    || !EventType.of(event.type()).subscribable()) {
                continue;
            }
            String body = null;
            for (Subscription target : candidates) {
                if (target.events.contains(event.type()) && !event.occurredAt().isBefore(target.createdAt)) {
                    body = body != null ? body : WebhookBodies.of(event);
                    batch.add(new NewDelivery(Ids.newUuid(), event.orgId(), target.id, event.id(), event.type(), body));
                }
            }
        }
        if (batch.isEmpty()) {
            return false;
        }
        int created = deliveries.storeAll(batch, firstDelay()).await().atMost(STORE_TIMEOUT);
        if (created > 0) {
            worker.wake();
        }
        return true;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The schedule's first entry: how long after the event its first attempt is due. */
    private java.time.Duration firstDelay() {
        return config.retrySchedule().isEmpty() ? java.time.Duration.ZERO : config.retrySchedule().get(0);
    }
}
