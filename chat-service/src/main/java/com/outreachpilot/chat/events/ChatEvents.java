package com.outreachpilot.chat.events;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** This service's events. They describe a message, never its text. */
public final class ChatEvents {

    private ChatEvents() {
    }

    public record Usage(int inputTokens, int outputTokens) {
    }

    /** {@code data} of {@code chat.message.completed}. */
    public record CompletedData(String threadId, String messageId, String model, Usage usage, List<String> toolCalls,
                                int creditsUsed, Instant completedAt) {
    }

    public static DomainEvent completed(String orgId, UUID threadId, UUID messageId, String model, int inputTokens,
                                        int outputTokens, List<String> toolNames, int credits, Instant at) {
        return DomainEvent.of(EventType.CHAT_MESSAGE_COMPLETED, orgId, threadId.toString(),
                new CompletedData(threadId.toString(), messageId.toString(), model, new Usage(inputTokens, outputTokens),
                        List.copyOf(toolNames), credits, at));
    }
}
