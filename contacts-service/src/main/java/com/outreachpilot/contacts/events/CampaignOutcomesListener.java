package com.outreachpilot.contacts.events;

import com.outreachpilot.contacts.domain.ContactService;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.consumer.IdempotentEvents;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What campaigns learn about a contact becomes its status here: {@code contact.unsubscribed} → {@code
 * unsubscribed}, {@code email.bounced} → {@code bounced} (the event's subject is the contact's id).
 */
@ApplicationScoped
public class CampaignOutcomesListener extends IdempotentEvents {

    @Inject
    ContactService contacts;

    @Override
    protected String purpose() {
        return "campaign-outcomes";
    }

    @Override
    protected Collection<String> topics() {
        return List.of(EventType.Domain.CAMPAIGNS.topic());
    }

    @Override
    protected Set<String> types() {
        return Set.of(EventType.CONTACT_UNSUBSCRIBED.type(), EventType.EMAIL_BOUNCED.type());
    }

    @Override
    protected Uni<Void> apply(DomainEvent event) {
        UUID contact;
        OrgId org;
        try {
            contact = UUID.fromString(event.subject());
            org = OrgId.of(event.orgId());
        } catch (IllegalArgumentException | NullPointerException e) {
            return Uni.createFrom().voidItem(); // not about one of our contacts
        }
        String status = EventType.CONTACT_UNSUBSCRIBED.type().equals(event.type()) ? "unsubscribed" : "bounced";
        return contacts.recordStatus(org, contact, status);
    }
}
