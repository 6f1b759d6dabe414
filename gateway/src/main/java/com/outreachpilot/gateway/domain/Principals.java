package com.outreachpilot.gateway.domain;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.outreachpilot.platform.concurrency.LocalCaches;
import com.github.benmanes.caffeine.cache.Expiry;
import com.outreachpilot.gateway.client.BillingClient;
import com.outreachpilot.gateway.config.GatewayConfig;
import com.outreachpilot.platform.auth.KeyPrincipal;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.util.concurrent.CompletableFuture;

/**
 * Resolved keys by SHA-256 hash, cached briefly. Billing events drop entries as soon as a key is revoked or
 * its organization changes; concurrent misses for one key share a single lookup.
 */
@ApplicationScoped
public class Principals {

    @Inject
    GatewayConfig config;

    @Inject
    BillingClient billing;

    private AsyncCache<String, KeyPrincipal> cache;

    void init(@Observes StartupEvent event) {
        long known = config.principalCacheTtl().toNanos();
        long unknown = config.unknownKeyCacheTtl().toNanos();
        cache = LocalCaches.builder()
                .maximumSize(200_000)
                .expireAfter(new Expiry<String, KeyPrincipal>() {
                    @Override
                    public long expireAfterCreate(String key, KeyPrincipal value, long now) {
                        return value.known() ? known : unknown;
                    }

                    @Override
                    public long expireAfterUpdate(String key, KeyPrincipal value, long now, long current) {
                        return expireAfterCreate(key, value, now);
                    }

                    @Override
                    public long expireAfterRead(String key, KeyPrincipal value, long now, long current) {
                        return current;
                    }
                })
                .buildAsync();
    }

    public Future<KeyPrincipal> byHash(String keyHash) {
        CompletableFuture<KeyPrincipal> cached = cache.getIfPresent(keyHash);
        if (cached != null && cached.isDone() && !cached.isCompletedExceptionally()) {
            return Future.succeededFuture(cached.join()); // the common case: no hop, no allocation of a lookup
        }
        CompletableFuture<KeyPrincipal> future = cache.get(keyHash,
                (hash, executor) -> billing.resolve(hash).toCompletionStage().toCompletableFuture());
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        // continue on the caller's event loop, whichever thread completed the lookup
        return context == null ? Future.fromCompletionStage(future) : Future.fromCompletionStage(future, context);
    }

    /** Forgets a revoked key. */
    public void forgetKey(String keyId) {
        cache.synchronous().asMap().values().removeIf(p -> keyId.equals(p.keyId()));
    }

    /** Forgets every key of an organization whose plan changed or that was deleted. */
    public void forgetOrganization(String orgId) {
        cache.synchronous().asMap().values().removeIf(p -> orgId.equals(p.orgId()));
    }
}
