package com.outreachpilot.chat.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A stored message as the domain hands it out. */
public record MessageRecord(UUID id, String role, String content, List<ToolCall> toolCalls, String model,
                            Integer inputTokens, Integer outputTokens, Integer creditsUsed, Instant createdAt) {
}
