package com.outreachpilot.webhooks.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retry schedule as a value: delays by attempt, jitter within bounds, Retry-After honoured up to a day. */
class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final List<Duration> DELAYS = List.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(5));

    @Test
    void eachFailedAttemptWaitsTheNextDelayUntilTheScheduleIsUsedUp() {
        RetrySchedule schedule = new RetrySchedule(DELAYS, 0);
        assertEquals(NOW.plusSeconds(5), schedule.next(1, NOW, null));
        assertEquals(NOW.plus(Duration.ofMinutes(5)), schedule.next(2, NOW, null));
        assertNull(schedule.next(3, NOW, null));
    }

    @Test
    void jitterMovesADelayByAtMostItsFraction() {
        RetrySchedule schedule = new RetrySchedule(DELAYS, 0.1);
        for (int i = 0; i < 100; i++) {
            long millis = Duration.between(NOW, schedule.next(2, NOW, null)).toMillis();
            assertTrue(millis >= 270_000 && millis <= 330_000, millis + " ms");
        }
    }

    @Test
    void aLongerRetryAfterIsHonouredUpToADay() {
        RetrySchedule schedule = new RetrySchedule(DELAYS, 0);
        assertEquals(NOW.plusSeconds(60), schedule.next(1, NOW, Duration.ofSeconds(60)));
        assertEquals(NOW.plusSeconds(5), schedule.next(1, NOW, Duration.ofSeconds(1)));
        assertEquals(NOW.plus(Duration.ofHours(24)), schedule.next(1, NOW, Duration.ofDays(3)));
    }
}
