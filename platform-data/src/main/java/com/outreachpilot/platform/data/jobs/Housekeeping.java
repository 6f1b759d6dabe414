package com.outreachpilot.platform.data.jobs;

import com.outreachpilot.platform.data.idempotency.IdempotencyStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import com.outreachpilot.platform.time.Clock;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Deletes what the platform tables no longer need: old consumer marks and expired idempotency keys. */
@ApplicationScoped
public class Housekeeping {

    static final Duration PROCESSED_EVENT_RETENTION = Duration.ofDays(30);

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    private BackgroundLoop loop;

    void start(@Observes StartupEvent event) {
        loop = new BackgroundLoop("platform housekeeping", vertx, Duration.ofMinutes(10), this::sweep);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }

    Uni<Boolean> sweep() {
        OffsetDateTime now = clock.now().atOffset(ZoneOffset.UTC);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("delete from processed_event where processed_at < ?1")
                .setParameter(1, now.minus(PROCESSED_EVENT_RETENTION))
                .executeUpdate()
                .chain(() -> session.createNativeQuery("delete from idempotency_record where created_at < ?1")
                        .setParameter(1, now.minus(IdempotencyStore.RETENTION))
                        .executeUpdate())))
                .replaceWith(false);
    }
}
