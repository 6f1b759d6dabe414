package com.outreachpilot.platform.concurrency;

import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The one way to build an in-process cache. Caffeine does its upkeep (draining the read and write buffers,
 * expiring, evicting, removal listeners) on {@code ForkJoinPool.commonPool()} by default: with a cache read on
 * every request that is a hand-over to another thread every few reads, each a futex wake (the gateway's three
 * caches under load, traced for 3 s: the common pool's thread woken 881 times and parked 1,815 times for ~12,000
 * proxied requests; not at all with this builder, bench/RESULTS.md). Here the upkeep runs on the thread that
 * triggered it, an event loop included: a drain of a few buffered reads, taken only when the cache's lock is free
 * (a full write buffer may wait for it, as it does on any executor).
 */
public final class LocalCaches {

    private LocalCaches() {
    }

    public static Caffeine<Object, Object> builder() {
        return Caffeine.newBuilder().executor(Runnable::run);
    }
}
