package com.outreachpilot.contacts.events;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;

import java.util.Map;

/** This service's events (contacts, companies, folders), built in one place: the resource as the API shows it. */
public final class ResourceEvents {

    private ResourceEvents() {
    }

    public static DomainEvent of(EventType type, String orgId, String id, Object resource) {
        return DomainEvent.of(type, orgId, id, resource);
    }

    public static DomainEvent deleted(EventType type, String orgId, String id) {
        return DomainEvent.of(type, orgId, id, Map.of("id", id, "deleted", true));
    }
}
