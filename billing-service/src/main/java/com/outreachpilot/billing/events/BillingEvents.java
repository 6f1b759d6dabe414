package com.outreachpilot.billing.events;

import com.outreachpilot.billing.api.BillingViews;
import com.outreachpilot.billing.domain.ApiKey;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;

import java.util.Map;

/** The events billing-service publishes, built in one place. */
public final class BillingEvents {

    private BillingEvents() {
    }

    public static DomainEvent organization(EventType type, BillingViews.OrganizationView org) {
        return DomainEvent.of(type, org.id(), org.id(), org);
    }

    public static DomainEvent apiKey(EventType type, ApiKey key) {
        return DomainEvent.of(type, key.orgId.toString(), key.id.toString(), BillingViews.ApiKeyView.of(key));
    }

    public static DomainEvent credits(EventType type, String orgId, long remaining, long monthly) {
        return DomainEvent.of(type, orgId, orgId, Map.of("credits_remaining", remaining, "credits_monthly", monthly));
    }
}
