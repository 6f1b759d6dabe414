package com.outreachpilot.platform.concurrency;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LocalCachesTest {

    @Test
    void upkeepRunsOnTheThreadThatTriggeredIt() {
        AtomicLong now = new AtomicLong();
        List<String> removedOn = new ArrayList<>();
        Cache<String, String> cache = LocalCaches.builder()
                .ticker(now::get)
                .expireAfterWrite(Duration.ofSeconds(1))
                .removalListener((String key, String value, RemovalCause cause) ->
                        removedOn.add(key + " " + cause + " on " + Thread.currentThread().getName()))
                .build();
        cache.put("a", "1");
        now.addAndGet(Duration.ofSeconds(2).toNanos());

        cache.cleanUp(); // the expiry and its listener ran here, not on a pool thread later

        assertEquals(List.of("a EXPIRED on " + Thread.currentThread().getName()), removedOn);
    }
}
