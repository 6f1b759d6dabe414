package com.outreachpilot.webhooks.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** When the next attempt of a failed delivery is due, if any. */
public final class RetrySchedule {

    /** A receiver asking for more time than this is retried after this long. */
    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    private final List<Duration> delays;
    private final double jitter;

    public RetrySchedule(List<Duration> delays, double jitter) {
        this.delays = List.copyOf(delays);
        this.jitter = Math.max(0, Math.min(jitter, 1));
    }

    /**
     * After attempt number {@code attempt} (1-based) failed: the time of the next one, or null when the
     * schedule is used up. A {@code Retry-After} longer than the scheduled delay is honoured.
     */
    public Instant next(int attempt, Instant now, Duration retryAfter) {
        if (attempt >= delays.size()) {
            return null;
        }
        long millis = delays.get(attempt).toMillis();
        if (millis > 0 && jitter > 0) {
            millis = Math.round(millis * (1 + jitter * (ThreadLocalRandom.current().nextDouble() * 2 - 1)));
        }
        if (retryAfter != null) {
            millis = Math.max(millis, Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis()));
        }
        return now.plusMillis(millis);
    }
}
