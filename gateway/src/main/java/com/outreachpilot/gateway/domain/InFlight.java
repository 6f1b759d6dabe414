package com.outreachpilot.gateway.domain;

import com.outreachpilot.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests each API key has in flight through this gateway: under its rate limit one key could otherwise keep
 * every connection to a service busy with slow requests. A key's count is dropped when it reaches zero.
 */
@ApplicationScoped
public class InFlight {

    @Inject
    GatewayConfig config;

    private final ConcurrentHashMap<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    /** Counts one more request for {@code keyId}; false (and nothing counted) when the key is at its limit. */
    public boolean enter(String keyId) {
        boolean[] admitted = {false};
        counts.compute(keyId, (key, count) -> {
            AtomicInteger current = count == null ? new AtomicInteger() : count;
            if (current.get() < config.maxInFlightPerKey()) {
                current.incrementAndGet();
                admitted[0] = true;
            }
            return current.get() == 0 ? null : current;
        });
        return admitted[0];
    }

    public void leave(String keyId) {
        counts.computeIfPresent(keyId, (key, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** Requests of {@code keyId} in flight now. */
    public int of(String keyId) {
        AtomicInteger count = counts.get(keyId);
        return count == null ? 0 : count.get();
    }
}
