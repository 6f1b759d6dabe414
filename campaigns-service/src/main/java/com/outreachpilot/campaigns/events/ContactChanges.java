package com.outreachpilot.campaigns.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.outreachpilot.campaigns.domain.AudienceUpkeep;
import com.outreachpilot.campaigns.domain.AudienceUpkeep.ContactCopy;
import com.outreachpilot.platform.data.consumer.ProcessedEvents;
import com.outreachpilot.platform.data.jobs.SafeContext;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventConsumer;
import com.outreachpilot.platform.events.EventType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps what enrollments copied from contacts fresh, from {@code contacts.events}: {@code contact.updated}
 * refreshes the fields templates use (and ends the contact's sequences when it was marked unsubscribed or
 * bounced), {@code contact.deleted} removes the contact from every audience. Each event is handled once
 * ({@link ProcessedEvents}).
 */
@ApplicationScoped
public class ContactChanges extends EventConsumer {

    static final String NAME = "campaigns-service-contacts";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final DomainEventCodec CODEC = new DomainEventCodec();

    @Inject
    Vertx vertx;

    @Inject
    ProcessedEvents processed;

    @Inject
    AudienceUpkeep upkeep;

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    @Override
    protected String name() {
        return NAME;
    }

    @Override
    protected Collection<String> topics() {
        return List.of(EventType.Domain.CONTACTS.topic());
    }

    @Override
    protected boolean handle(ConsumerRecords<String, byte[]> records) {
        boolean wrote = false;
        for (ConsumerRecord<String, byte[]> record : records) {
            DomainEvent event = CODEC.deserialize(record.topic(), record.value());
            if (event == null || !(EventType.CONTACT_UPDATED.type().equals(event.type())
                    || EventType.CONTACT_DELETED.type().equals(event.type()))) {
                continue;
            }
            UUID contactId;
            try {
                contactId = UUID.fromString(event.subject());
            } catch (IllegalArgumentException | NullPointerException e) {
                continue; // names no contact of ours
            }
            wrote |= SafeContext.run(vertx, () -> processed.handleOnce(NAME, event, e -> apply(e, contactId)))
                    .await().atMost(TIMEOUT);
        }
        return wrote;
    }

    private Uni<Void> apply(DomainEvent event, UUID contactId) {
        if (EventType.CONTACT_DELETED.type().equals(event.type())) {
            return upkeep.deleted(event.orgId(), contactId);
        }
        JsonNode d = event.data();
        Map<String, Object> context = new LinkedHashMap<>();
        d.path("context").fields().forEachRemaining(f -> context.put(f.getKey(), plain(f.getValue())));
        return upkeep.updated(event.orgId(), new ContactCopy(contactId, text(d, "email"), text(d, "first_name"),
                text(d, "last_name"), text(d, "company"), text(d, "title"), text(d, "status"), context));
    }

    private static Object plain(JsonNode value) {
        return DomainEventCodec.mapper().convertValue(value, Object.class);
    }

    private static String text(JsonNode data, String field) {
        JsonNode value = data.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
