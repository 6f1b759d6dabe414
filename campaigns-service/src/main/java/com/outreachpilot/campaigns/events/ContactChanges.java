package com.outreachpilot.campaigns.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.outreachpilot.campaigns.domain.AudienceUpkeep;
import com.outreachpilot.campaigns.domain.AudienceUpkeep.ContactCopy;
import com.outreachpilot.platform.data.consumer.IdempotentEvents;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Keeps what enrollments copied from contacts fresh, from {@code contacts.events}: {@code contact.updated}
 * refreshes the fields templates use (and ends the contact's sequences when it was marked unsubscribed or
 * bounced), {@code contact.deleted} removes the contact from every audience. Each event is handled once
 * (platform-data's {@link IdempotentEvents}).
 */
@ApplicationScoped
public class ContactChanges extends IdempotentEvents {

    @Inject
    AudienceUpkeep upkeep;

    @Override
    protected String purpose() {
        return "contacts"; // campaigns-service-contacts: its consumer group and processed-event records
    }

    @Override
    protected Collection<String> topics() {
        return List.of(EventType.Domain.CONTACTS.topic());
    }

    @Override
    protected Set<String> types() {
        return Set.of(EventType.CONTACT_UPDATED.type(), EventType.CONTACT_DELETED.type());
    }

    @Override
    protected Uni<Void> apply(DomainEvent event) {
        UUID contactId;
        try {
            contactId = UUID.fromString(event.subject());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().voidItem(); // names no contact of ours
        }
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
