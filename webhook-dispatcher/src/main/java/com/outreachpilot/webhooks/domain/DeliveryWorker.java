package com.outreachpilot.webhooks.domain;

import com.outreachpilot.platform.data.jobs.BackgroundLoop;
import com.outreachpilot.platform.time.Clock;
import com.outreachpilot.webhooks.client.WebhookSender;
import com.outreachpilot.webhooks.client.WebhookSender.Outcome;
import com.outreachpilot.webhooks.config.WebhookConfig;
import com.outreachpilot.webhooks.repository.DeliveryRepository;
import com.outreachpilot.webhooks.repository.DeliveryRepository.Claimed;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Attempts due deliveries. Each run claims a batch (at most a few per endpoint, none for endpoints that
 * already hold enough, none another replica holds), starts the attempts and returns without waiting for
 * them, so a slow endpoint never holds up the others; each attempt records its own outcome and schedules
 * its retry, and hands its slot to the endpoint's next claimed delivery.
 */
@ApplicationScoped
public class DeliveryWorker {

    private static final Logger LOG = Logger.getLogger(DeliveryWorker.class);
    static final int BATCH = 100;
    /**
     * Each endpoint's claimed deliveries may reach this many times its concurrency: the next ones wait in memory
     * for a free slot, so a busy endpoint gets a claim per batch rather than one per finished attempt. An endpoint is
     * claimed for while it holds at most half of that, and a claim adds at most the other half, so the limit holds.
     */
    static final int AHEAD = 4;

    @Inject
    Vertx vertx;

    @Inject
    WebhookConfig config;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    WebhookSender sender;

    @Inject
    SubscriptionService subscriptions;

    @Inject
    Clock clock;

    @Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    private io.micrometer.core.instrument.Counter claims;
    private io.micrometer.core.instrument.Counter claimedRows;

    /** Claimed deliveries of one subscription: those being attempted, and those waiting for a free slot. */
    private static final class Endpoint {
        int attempting;
        final ArrayDeque<Claimed> waiting = new ArrayDeque<>();

        int held() {
            return attempting + waiting.size();
        }
    }

    private final Map<UUID, Endpoint> endpoints = new HashMap<>();
    private int held;
    private RetrySchedule schedule;
    private BackgroundLoop loop;

    void start(@Observes StartupEvent event) {
        schedule = new RetrySchedule(config.retrySchedule(), config.retryJitter());
        claims = io.micrometer.core.instrument.Counter.builder("webhooks.delivery.claims")
                .description("Claims of due deliveries run against the database").register(metrics);
        claimedRows = io.micrometer.core.instrument.Counter.builder("webhooks.delivery.claimed")
                .description("Deliveries claimed for an attempt").register(metrics);
        loop = new BackgroundLoop("webhook-delivery", vertx, config.pollInterval(), this::runOnce);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }

    /** Look for due deliveries now rather than at the next poll. */
    public void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    private Uni<Boolean> runOnce() {
        int half = holdPerEndpoint() / 2;
        int room;
        Set<UUID> busy = new HashSet<>();
        synchronized (this) {
            room = Math.min(BATCH, config.maxInFlight() - held);
            endpoints.forEach((id, endpoint) -> {
                if (endpoint.held() > half) {
                    busy.add(id);
                }
            });
        }
        if (room <= 0) {
            return Uni.createFrom().item(false);
        }
        // the lease covers waiting behind the endpoint's other held deliveries (fewer than AHEAD rounds of
        // attempts) and then the attempt itself
        long lease = config.timeout().multipliedBy(AHEAD + 1L).plus(config.leaseMargin()).toSeconds();
        claims.increment();
        return deliveries.claim(room, half, busy, lease).map(claimed -> {
            claimedRows.increment(claimed.size());
            claimed.forEach(this::submit);
            return claimed.size() == room;
        });
    }

    /** Starts the delivery now if its endpoint has a free slot, or when one frees up. */
    private void submit(Claimed delivery) {
        boolean start;
        synchronized (this) {
            Endpoint endpoint = endpoints.computeIfAbsent(delivery.subscriptionId(), id -> new Endpoint());
            held++;
            start = endpoint.attempting < config.perEndpointConcurrency();
            if (start) {
                endpoint.attempting++;
            } else {
                endpoint.waiting.add(delivery);
            }
        }
        if (start) {
            start(delivery);
        }
    }

    private void start(Claimed delivery) {
        attempt(delivery).subscribe().with(ignored -> finished(delivery), failure -> {
            LOG.warnf("Delivery %s: recording the attempt failed: %s", delivery.id(), failure.toString());
            finished(delivery);
        });
    }

    private int holdPerEndpoint() {
        return config.perEndpointConcurrency() * AHEAD;
    }

    private void finished(Claimed delivery) {
        Claimed next;
        boolean refill;
        synchronized (this) {
            held--;
            Endpoint endpoint = endpoints.get(delivery.subscriptionId());
            next = endpoint.waiting.poll();
            if (next == null) {
                endpoint.attempting--;
                if (endpoint.attempting == 0) {
                    endpoints.remove(delivery.subscriptionId());
                }
            }
            // look for more once the endpoint has run out of waiting deliveries, or is down to half of what it may
            // hold (claimable again): not after every attempt, which made a claim per delivery
            refill = next == null || endpoint.held() == holdPerEndpoint() / 2;
        }
        if (next != null) {
            start(next);
        }
        if (refill) {
            wake();
        }
    }

    private Uni<Void> attempt(Claimed delivery) {
        Instant now = clock.now();
        long timestamp = now.getEpochSecond();
        List<String> secrets = new ArrayList<>(List.of(delivery.secret()));
        if (delivery.previousSecret() != null && delivery.previousSecretExpiresAt() != null
                && delivery.previousSecretExpiresAt().isAfter(now)) {
            secrets.add(delivery.previousSecret());
        }
        Map<String, String> headers = Map.of(
                "webhook-id", delivery.eventId(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", Secrets.signatureHeader(secrets, delivery.eventId(), timestamp, delivery.body()));
        return sender.post(delivery.url(), headers, delivery.body()).chain(outcome -> settle(delivery, outcome));
    }

    private Uni<Void> settle(Claimed delivery, Outcome outcome) {
        Instant now = clock.now();
        String excerpt = outcome.excerpt();
        if (outcome.delivered()) {
            return deliveries.record(delivery.id(), Delivery.SUCCEEDED, null, outcome.status(),
                    outcome.latencyMs(), excerpt, null);
        }
        String error = outcome.error() != null ? outcome.error() : "HTTP " + outcome.status();
        if (outcome.status() != null && outcome.status() == 410) {
            return deliveries.record(delivery.id(), Delivery.FAILED, null, outcome.status(),
                    outcome.latencyMs(), excerpt, error)
                    .chain(() -> subscriptions.disable(delivery.orgId(), delivery.subscriptionId(),
                            "The endpoint answered 410 Gone"));
        }
        Instant next = schedule.next(delivery.attempt(), now, outcome.retryAfter());
        Uni<Void> recorded = deliveries.record(delivery.id(), next == null ? Delivery.FAILED : Delivery.PENDING,
                next, outcome.status(), outcome.latencyMs(), excerpt, error);
        Instant failingSince = delivery.failingSince();
        if (failingSince != null && Duration.between(failingSince, now).compareTo(config.disableAfter()) > 0) {
            return recorded.chain(() -> subscriptions.disable(delivery.orgId(), delivery.subscriptionId(),
                    "Every attempt failed since " + failingSince));
        }
        return recorded;
    }
}
