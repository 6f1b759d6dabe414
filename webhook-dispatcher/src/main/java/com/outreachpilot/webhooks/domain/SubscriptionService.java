package com.outreachpilot.webhooks.domain;

import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.data.jobs.SafeContext;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.webhooks.api.WebhookView;
import com.outreachpilot.webhooks.events.WebhookBodies;
import com.outreachpilot.webhooks.repository.DeliveryRepository;
import com.outreachpilot.webhooks.repository.SubscriptionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Webhook subscriptions: register, read, change, rotate secrets, deactivate; disabling emits {@code webhook.disabled}. */
@ApplicationScoped
public class SubscriptionService {

    /** What a client asked to set; null means "leave as is". */
    public record Changes(String url, List<String> events, Boolean enabled) {
    }

    @Inject
    SubscriptionRepository subscriptions;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    Outbox outbox;

    @Inject
    Vertx vertx;

    @Inject
    com.outreachpilot.webhooks.config.WebhookConfig config;

    @WithTransaction
    public Uni<WebhookView> create(String orgId, String url, List<String> events, String secret) {
        Subscription s = new Subscription();
        s.id = Ids.newUuid();
        s.orgId = orgId;
        s.url = url;
        s.events = List.copyOf(events);
        s.secret = secret != null ? secret : Secrets.generate();
        s.enabled = true;
        s.createdAt = now();
        s.updatedAt = s.createdAt;
        return subscriptions.persist(s).replaceWith(() -> WebhookView.withSecret(s));
    }

    @WithSession
    public Uni<Page<WebhookView>> list(String orgId, PageRequest page) {
        return subscriptions.page(orgId, page).chain(items -> subscriptions.countLive(orgId)
                .map(total -> new Page<>(items, total, page).map(WebhookView::of)));
    }

    @WithSession
    public Uni<WebhookView> get(String orgId, UUID id) {
        return existing(orgId, id).map(WebhookView::of);
    }

    /** Changes url, events or enabled; enabling again forgets the failing streak and the reason it was disabled. */
    @WithTransaction
    public Uni<WebhookView> update(String orgId, UUID id, Changes changes) {
        return existing(orgId, id).chain(s -> {
            if (changes.url() != null) {
                s.url = changes.url();
            }
            if (changes.events() != null) {
                s.events = List.copyOf(changes.events());
            }
            Uni<Void> effect = Uni.createFrom().voidItem();
            if (changes.enabled() != null && changes.enabled() != s.enabled) {
                s.enabled = changes.enabled();
                s.disabledReason = s.enabled ? null : "Disabled by the customer";
                s.failingSince = null;
                if (!s.enabled) {
                    effect = subscriptions.failPendingDeliveries(s.id, "Subscription disabled");
                }
            }
            s.updatedAt = now();
            return effect.replaceWith(() -> WebhookView.of(s));
        });
    }

    /** A new generated secret; the old one keeps signing (as a second signature) for the grace period. */
    @WithTransaction
    public Uni<WebhookView> rotateSecret(String orgId, UUID id) {
        return existing(orgId, id).map(s -> {
            s.previousSecret = s.secret;
            s.previousSecretExpiresAt = now().plus(config.rotationGrace());
            s.secret = Secrets.generate();
            s.updatedAt = now();
            return WebhookView.withSecret(s);
        });
    }

    /** Deactivates: no further deliveries, pending ones fail; it no longer appears in lists. */
    @WithTransaction
    public Uni<UUID> delete(String orgId, UUID id) {
        return existing(orgId, id).chain(s -> {
            s.deletedAt = now();
            s.enabled = false;
            s.updatedAt = s.deletedAt;
            return subscriptions.failPendingDeliveries(s.id, "Subscription deleted").replaceWith(id);
        });
    }

    /** Queues a {@code webhook.test} event for this subscription alone; returns the delivery id. */
    @WithSession
    public Uni<Map<String, Object>> sendTest(String orgId, UUID id) {
        return existing(orgId, id).chain(s -> {
            if (!s.enabled) {
                throw new ApiException(com.outreachpilot.platform.error.ErrorCode.VALIDATION_ERROR,
                        "This webhook is disabled", "Enable it (PUT {\"enabled\": true}) before sending a test event");
            }
            DomainEvent event = DomainEvent.of(EventType.WEBHOOK_TEST, orgId, s.id.toString(),
                    Map.of("webhook_id", s.id.toString(), "message", "This is a test event from OutreachPilot"));
            UUID deliveryId = Ids.newUuid();
            var delivery = new DeliveryRepository.NewDelivery(deliveryId, orgId, s.id, event.id(), event.type(),
                    WebhookBodies.of(event));
            return deliveries.insert(deliveries.pool(), List.of(delivery))
                    .replaceWith(Map.<String, Object>of("delivery_id", deliveryId.toString(), "event_id", event.id()));
        });
    }

    /**
     * Disables a subscription the dispatcher gave up on, once: its pending deliveries fail and
     * {@code webhook.disabled} is published (to the organization's other subscriptions that want it).
     */
    public Uni<Void> disable(String orgId, UUID id, String reason) {
        return SafeContext.run(vertx, () -> Panache.withTransaction(() -> subscriptions.findLive(orgId, id).chain(s -> {
            if (s == null || !s.enabled) {
                return Uni.createFrom().voidItem();
            }
            s.enabled = false;
            s.disabledReason = reason;
            s.updatedAt = now();
            WebhookView view = WebhookView.of(s);
            return subscriptions.failPendingDeliveries(s.id, "Subscription disabled: " + reason)
                    .chain(() -> outbox.append(DomainEvent.of(EventType.WEBHOOK_DISABLED, orgId, view.id(),
                            Map.of("webhook", view, "reason", reason))));
        })));
    }

    private Uni<Subscription> existing(String orgId, UUID id) {
        return subscriptions.findLive(orgId, id).onItem().ifNull().failWith(() -> ApiException.notFound("Webhook"));
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
