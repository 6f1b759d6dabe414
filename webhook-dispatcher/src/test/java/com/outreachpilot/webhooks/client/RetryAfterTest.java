package com.outreachpilot.webhooks.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reading a receiver's Retry-After: both forms of RFC 9110, and what is not one. */
class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void delaySeconds() {
        assertEquals(Duration.ofSeconds(120), WebhookSender.retryAfter(" 120 ", NOW));
        assertEquals(Duration.ZERO, WebhookSender.retryAfter("0", NOW));
        assertNull(WebhookSender.retryAfter("-5", NOW));
    }

    @Test
    void httpDate() {
        assertEquals(Duration.ofMinutes(5), WebhookSender.retryAfter("Thu, 26 Nov 2026 10:05:00 GMT", NOW));
        assertNull(WebhookSender.retryAfter("Thu, 26 Nov 2026 09:55:00 GMT", NOW), "a date in the past");
    }

    @Test
    void absentOrUnreadable() {
        assertNull(WebhookSender.retryAfter(null, NOW));
        assertNull(WebhookSender.retryAfter("", NOW));
        assertNull(WebhookSender.retryAfter("soon", NOW));
        assertNull(WebhookSender.retryAfter("1.5", NOW));
    }
}
