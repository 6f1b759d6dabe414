package com.outreachpilot.chat.domain;

import java.time.Instant;
import java.util.UUID;

/** A thread as lists show it. */
public record ThreadSummary(UUID id, String title, int messageCount, Instant createdAt, Instant updatedAt) {
}
