package com.outreachpilot.webhooks.events;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.webhooks.domain.Webhook;

import java.time.Instant;
import java.util.List;

/** The events this service publishes, built from domain objects; their {@code data} is shown as the API shows it. */
public final class WebhookEvents {

    private WebhookEvents() {
    }

    /** A subscription in an event: as the API shows it, never with its secret. */
    public record WebhookData(String id, String url, List<String> events, boolean enabled, String disabledReason,
                              Instant createdAt, Instant updatedAt) {

        static WebhookData of(Webhook webhook) {
            return new WebhookData(webhook.id().toString(), webhook.url(), webhook.events(), webhook.enabled(),
                    webhook.disabledReason(), webhook.createdAt(), webhook.updatedAt());
        }
    }

    /** {@code data} of {@code webhook.disabled}. */
    public record Disabled(WebhookData webhook, String reason) {
    }

    /** {@code data} of {@code webhook.test}. */
    public record Test(String webhookId, String message) {
    }

    /** The dispatcher gave up on a subscription (410 Gone, or failing for too long). */
    public static DomainEvent disabled(String orgId, Webhook webhook, String reason) {
        return DomainEvent.of(EventType.WEBHOOK_DISABLED, orgId, webhook.id().toString(),
                new Disabled(WebhookData.of(webhook), reason));
    }

    /** A test event for one subscription, delivered to it alone rather than published. */
    public static DomainEvent test(String orgId, Webhook webhook) {
        return DomainEvent.of(EventType.WEBHOOK_TEST, orgId, webhook.id().toString(),
                new Test(webhook.id().toString(), "This is a test event from OutreachPilot"));
    }
}
