package com.outreachpilot.platform.time;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one source of "now" in the platform, at PostgreSQL's precision (microseconds), so what the API returns
 * equals what a later read returns. Inject it ({@link ClockProducer}); code that cannot inject (static
 * factories of ids and envelopes) uses {@link #SYSTEM}. Tests build one on a fixed or offset time.
 */
public final class Clock {

    public static final Clock SYSTEM = new Clock(java.time.Clock.systemUTC());

    private final java.time.Clock source;

    public Clock(java.time.Clock source) {
        this.source = source;
    }

    public static Clock fixed(Instant instant) {
        return new Clock(java.time.Clock.fixed(instant, ZoneOffset.UTC));
    }

    /** This clock moved by {@code offset}: a test's way to step into the future. */
    public Clock offset(Duration offset) {
        return new Clock(java.time.Clock.offset(source, offset));
    }

    /** Now, truncated to microseconds. */
    public Instant now() {
        return source.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public long epochMillis() {
        return source.millis();
    }

    public long epochSecond() {
        return source.instant().getEpochSecond();
    }
}
