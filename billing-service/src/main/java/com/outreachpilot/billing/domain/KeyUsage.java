package com.outreachpilot.billing.domain;

import com.outreachpilot.billing.repository.ApiKeyRepository;
import com.outreachpilot.platform.data.jobs.BackgroundLoop;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which keys were used lately, written to {@code api_key.last_used_at} every few seconds in one statement:
 * the key lookup is the gateway's hot path and stays a pure read.
 */
@ApplicationScoped
public class KeyUsage {

    static final Duration FLUSH_EVERY = Duration.ofSeconds(10);

    @Inject
    Vertx vertx;

    @Inject
    ApiKeyRepository apiKeys;

    @Inject
    Clock clock;

    private final Set<UUID> used = ConcurrentHashMap.newKeySet();
    private BackgroundLoop loop;

    void start(@Observes StartupEvent event) {
        loop = new BackgroundLoop("key usage", vertx, FLUSH_EVERY, this::flush);
        loop.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
    }

    void used(UUID keyId) {
        used.add(keyId);
    }

    Uni<Boolean> flush() {
        if (used.isEmpty()) {
            return Uni.createFrom().item(false);
        }
        List<UUID> batch = new ArrayList<>(used);
        batch.forEach(used::remove);
        return Panache.withTransaction(() -> apiKeys.touch(batch, clock.now())).replaceWith(false);
    }
}
