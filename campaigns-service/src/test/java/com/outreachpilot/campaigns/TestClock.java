package com.outreachpilot.campaigns;

import com.outreachpilot.platform.time.Clock;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** The application's clock in tests: real time moved forward by what a test asks, so delays pass at once. */
@Singleton
public class TestClock {

    private static final AtomicReference<Duration> OFFSET = new AtomicReference<>(Duration.ZERO);

    private static final java.time.Clock MOVABLE = new java.time.Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return java.time.Clock.systemUTC().instant().plus(OFFSET.get());
        }
    };

    @Produces
    @Singleton
    Clock clock() {
        return new Clock(MOVABLE);
    }

    static void advance(Duration by) {
        OFFSET.accumulateAndGet(by, Duration::plus);
    }

    static Instant now() {
        return MOVABLE.instant();
    }
}
