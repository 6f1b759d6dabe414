package com.outreachpilot.contacts.events;

import com.outreachpilot.contacts.api.ContactView;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;

import java.util.Map;

/** The contact events, built in one place. */
public final class ContactEvents {

    private ContactEvents() {
    }

    public static DomainEvent of(EventType type, String orgId, ContactView contact) {
        return DomainEvent.of(type, orgId, contact.id(), contact);
    }

    public static DomainEvent deleted(String orgId, String id) {
        return DomainEvent.of(EventType.CONTACT_DELETED, orgId, id, Map.of("id", id, "deleted", true));
    }
}
