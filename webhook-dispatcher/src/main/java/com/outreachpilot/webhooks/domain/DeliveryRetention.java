package com.outreachpilot.webhooks.domain;

import com.outreachpilot.platform.data.jobs.BackgroundLoop;
import com.outreachpilot.platform.time.Clock;
import com.outreachpilot.webhooks.config.WebhookConfig;
import com.outreachpilot.webhooks.repository.DeliveryRepository;
import com.outreachpilot.webhooks.repository.FeedRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;

/**
 * Keeps the delivery table small and its due queue clean: deletes finished deliveries older than the
 * retention, a bounded batch at a time, and fails pending ones whose subscription is gone; and deletes events
 * of the feed older than theirs.
 */
@ApplicationScoped
public class DeliveryRetention {

    static final int BATCH = 5_000;

    @Inject
    Vertx vertx;

    @Inject
    WebhookConfig config;

    @Inject
    DeliveryRepository deliveries;

    @Inject
    FeedRepository feed;

    @Inject
    Clock clock;

    private BackgroundLoop loop;

    void start(@Observes StartupEvent event) {
        loop = new BackgroundLoop("webhook delivery retention", vertx, Duration.ofMinutes(10),
                () -> deliveries.failOrphans()
                        .chain(() -> deliveries.purgeFinished(clock.now().minus(config.deliveryRetention()), BATCH))
                        .chain(deliveriesLeft -> feed.purgeBefore(clock.now().minus(config.eventsRetention()), BATCH)
                                .map(events -> deliveriesLeft == BATCH || events == BATCH)));
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }
}
