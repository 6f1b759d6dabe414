package com.outreachpilot.webhooks.events;

import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventConsumer;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.webhooks.config.WebhookConfig;
import com.outreachpilot.webhooks.domain.DeliveryWorker;
import com.outreachpilot.webhooks.domain.Subscription;
import com.outreachpilot.webhooks.repository.FeedRepository;
import com.outreachpilot.webhooks.repository.FeedRepository.NewEvent;
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
 * Turns every domain event a webhook could carry into an entry of the events feed and into deliveries: each
 * enabled subscription of the event's organization that lists its type (and existed when it happened) gets one. Replicas share the topics' partitions through one consumer
 * group. A poll's feed entries and deliveries are committed to PostgreSQL together, before its offsets, so a crash anywhere loses nothing.
 * Its dedupe is the feed's event id and the (subscription, event) unique key of the delivery table rather than
 * {@code ProcessedEvents}: a replayed event, or a poll read again after a restart, hits the keys and creates
 * nothing new.
 */
@ApplicationScoped
public class EventFanOut extends EventConsumer {

    private static final Duration STORE_TIMEOUT = Duration.ofSeconds(30);
    private static final DomainEventCodec CODEC = new DomainEventCodec();

    @Inject
    SubscriptionRepository subscriptions;

    @Inject
    FeedRepository feed;

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
     * Stores every subscribable event of these records in the events feed and the deliveries they call for, in
     * one transaction; true if there were any. The {@code event-type} header lets events no one may subscribe
     * to (e.g. credit reservations) be skipped without parsing them.
     */
    @Override
    protected boolean handle(ConsumerRecords<String, byte[]> records) {
        List<DomainEvent> events = new ArrayList<>();
        Set<String> orgs = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            String type = header(record, "event-type");
            if (record.key() == null || (type != null && !subscribable(type))) {
                continue;
            }
            DomainEvent event = CODEC.deserialize(record.topic(), record.value());
            if (event == null || !record.key().equals(event.orgId()) || !subscribable(event.type())) {
                continue;
            }
            events.add(event);
            orgs.add(event.orgId());
        }
        if (events.isEmpty()) {
            return false;
        }
        Map<String, List<Subscription>> byOrg = new HashMap<>();
        subscriptions.enabledOf(orgs).await().atMost(STORE_TIMEOUT)
                .forEach(t -> byOrg.computeIfAbsent(t.orgId, o -> new ArrayList<>()).add(t));
        List<NewEvent> feed = new ArrayList<>(events.size());
        List<NewDelivery> batch = new ArrayList<>();
        for (DomainEvent event : events) {
            String body = WebhookBodies.of(event);
            feed.add(new NewEvent(event.id(), event.orgId(), event.type(), event.occurredAt(), body));
            for (Subscription target : byOrg.getOrDefault(event.orgId(), List.of())) {
                if (target.events.contains(event.type()) && !event.occurredAt().isBefore(target.createdAt)) {
                    batch.add(new NewDelivery(Ids.newUuid(), event.orgId(), target.id, event.id(), event.type(), body));
                }
            }
        }
        int created = this.feed.store(feed, batch, firstDelay()).await().atMost(STORE_TIMEOUT);
        if (created > 0) {
            worker.wake();
        }
        return true;
    }

    private static boolean subscribable(String type) {
        return EventType.isKnown(type) && EventType.of(type).subscribable();
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
