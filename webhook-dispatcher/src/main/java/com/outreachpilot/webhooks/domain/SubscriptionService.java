package com.outreachpilot.webhooks.domain;

import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.jobs.SafeContext;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.platform.time.Clock;
import com.outreachpilot.webhooks.config.WebhookConfig;
import com.outreachpilot.webhooks.events.WebhookBodies;
import com.outreachpilot.webhooks.events.WebhookEvents;
import com.outreachpilot.webhooks.repository.DeliveryRepository;
import com.outreachpilot.webhooks.repository.FeedRepository;
import com.outreachpilot.webhooks.repository.SubscriptionRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Webhook subscriptions and their delivery log: register, read, change, rotate secrets, deactivate, send a
 * test event, retry a delivery; disabling emits {@code webhook.disabled}.
 */
@ApplicationScoped
public class SubscriptionService {

    /** What a client registers; a null secret is generated. */
    public record NewSubscription(String url, List<String> events, String secret) {
    }

    /** What a client asked to set; null means "leave as is". */
    public record Changes(String url, List<String> events, Boolean enabled) {
    }

    /** A test event queued for one subscription. */
    public record QueuedTest(UUID deliveryId, String eventId) {
    }

    /**
     * A replay queued: its id, how many events it re-delivers, and when more remain (it stopped at
     * {@link #REPLAY_MAX}) the time to replay again from.
     */
    public record Replay(UUID id, Instant since, int events, Instant nextSince) {
    }

    /** At most this many events per replay, so one request stays one short statement; the answer says where to go on. */
    public static final int REPLAY_MAX = 10_000;

    @Inject
    SubscriptionRepository subscriptions;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    FeedRepository feed;

    @Inject
    Outbox outbox;

    @Inject
    Vertx vertx;

    @Inject
    WebhookConfig config;

    @Inject
    Clock clock;

    @WithTransaction
    public Uni<Webhook> create(OrgId orgId, NewSubscription wanted) {
        Subscription s = new Subscription();
        s.id = Ids.newUuid();
        s.orgId = orgId.toString();
        s.url = wanted.url();
        s.events = List.copyOf(wanted.events());
        s.secret = wanted.secret() != null ? wanted.secret() : Secrets.generate();
        s.enabled = true;
        s.createdAt = clock.now();
        s.updatedAt = s.createdAt;
        return subscriptions.persist(s).map(Webhook::of);
    }

    @WithSession
    public Uni<Page<Webhook>> list(OrgId orgId, PageRequest page) {
        String org = orgId.toString();
        return subscriptions.page(org, page).chain(items -> subscriptions.countLive(org)
                .map(total -> new Page<>(items, total, page).map(Webhook::of)));
    }

    @WithSession
    public Uni<Webhook> get(OrgId orgId, UUID id) {
        return existing(orgId.toString(), id).map(Webhook::of);
    }

    /** Changes url, events or enabled; enabling again forgets the failing streak and the reason it was disabled. */
    @WithTransaction
    public Uni<Webhook> update(OrgId orgId, UUID id, Changes changes) {
        return existing(orgId.toString(), id).chain(s -> {
            Instant now = clock.now();
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
                    effect = deliveries.failPending(s.id, "Subscription disabled", now);
                }
            }
            s.updatedAt = now;
            return effect.map(ignored -> Webhook.of(s));
        });
    }

    /** A new generated secret; the old one keeps signing (as a second signature) for the grace period. */
    @WithTransaction
    public Uni<Webhook> rotateSecret(OrgId orgId, UUID id) {
        return existing(orgId.toString(), id).map(s -> {
            Instant now = clock.now();
            s.previousSecret = s.secret;
            s.previousSecretExpiresAt = now.plus(config.rotationGrace());
            s.secret = Secrets.generate();
            s.updatedAt = now;
            return Webhook.of(s);
        });
    }

    /** Deactivates: no further deliveries, pending ones fail; it no longer appears in lists. */
    @WithTransaction
    public Uni<UUID> delete(OrgId orgId, UUID id) {
        return existing(orgId.toString(), id).chain(s -> {
            s.deletedAt = clock.now();
            s.enabled = false;
            s.updatedAt = s.deletedAt;
            return deliveries.failPending(s.id, "Subscription deleted", s.deletedAt).replaceWith(id);
        });
    }

    /** Queues a {@code webhook.test} event for this subscription alone. */
    @WithSession
    public Uni<QueuedTest> sendTest(OrgId orgId, UUID id) {
        String org = orgId.toString();
        return existing(org, id).chain(s -> {
            if (!s.enabled) {
                throw new ApiException(ErrorCode.VALIDATION_ERROR, "This webhook is disabled",
                        "Enable it (PUT {\"enabled\": true}) before sending a test event");
            }
            DomainEvent event = WebhookEvents.test(org, Webhook.of(s));
            UUID deliveryId = Ids.newUuid();
            var delivery = new DeliveryRepository.NewDelivery(deliveryId, org, s.id, event.id(), event.type(),
                    WebhookBodies.of(event));
            return deliveries.storeAll(List.of(delivery), java.time.Duration.ZERO).replaceWith(new QueuedTest(deliveryId, event.id()));
        });
    }

    /**
     * Queues, for one subscription, a new delivery of each stored event of its types that happened at or after
     * {@code since}, oldest first, through the normal signed and retried path (receivers deduplicate by the
     * event id, which stays the same). Only an enabled subscription replays: a disabled one attempts nothing.
     */
    @WithSession
    public Uni<Replay> replay(OrgId orgId, UUID id, Instant since) {
        String org = orgId.toString();
        return existing(org, id).chain(s -> {
            if (!s.enabled) {
                throw new ApiException(ErrorCode.VALIDATION_ERROR, "This webhook is disabled",
                        "Enable it (PUT {\"enabled\": true}) before replaying events to it");
            }
            UUID replayId = Ids.newUuid();
            return feed.replay(org, s.id, s.events, since, REPLAY_MAX, replayId)
                    .map(done -> new Replay(replayId, since, done.events(),
                            done.events() == REPLAY_MAX ? done.lastOccurredAt() : null));
        });
    }

    /** A subscription's deliveries, newest first, of one status or all. */
    @WithSession
    public Uni<Page<DeliveryLogEntry>> deliveries(OrgId orgId, UUID id, String status, PageRequest page) {
        String org = orgId.toString();
        return existing(org, id)
                .chain(() -> deliveries.pageLog(org, id, status, page))
                .chain(items -> deliveries.countLog(org, id, status)
                        .map(total -> new Page<>(items, total, page).map(Delivery::logEntry)));
    }

    /** Makes a delivery due now, for one more attempt; a disabled subscription would never attempt it. */
    @WithTransaction
    public Uni<DeliveryLogEntry> retry(OrgId orgId, UUID deliveryId) {
        String org = orgId.toString();
        return deliveries.findOf(org, deliveryId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Delivery"))
                .call(found -> existing(org, found.subscriptionId).invoke(s -> {
                    if (!s.enabled) {
                        throw new ApiException(ErrorCode.VALIDATION_ERROR, "This webhook is disabled",
                                "Enable it (PUT {\"enabled\": true}) before retrying its deliveries");
                    }
                }))
                .chain(found -> {
                    Instant now = clock.now();
                    DeliveryLogEntry entry = found.logEntry();
                    return deliveries.retryNow(org, deliveryId, now).map(changed -> changed ? entry.dueAt(now) : entry);
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
            s.updatedAt = clock.now();
            return deliveries.failPending(s.id, "Subscription disabled: " + reason, s.updatedAt)
                    .chain(() -> outbox.append(WebhookEvents.disabled(orgId, Webhook.of(s), reason)));
        })));
    }

    private Uni<Subscription> existing(String orgId, UUID id) {
        return subscriptions.findLive(orgId, id).onItem().ifNull().failWith(() -> ApiException.notFound("Webhook"));
    }

    /** Forgets a deleted organization: its subscriptions, their delivery log and its events feed, in the caller's transaction. */
    public Uni<Void> purgeOrganization(com.outreachpilot.platform.auth.OrgId orgId) {
        return subscriptions.deleteOrganization(orgId).chain(() -> feed.deleteOrganization(orgId));
    }
}
