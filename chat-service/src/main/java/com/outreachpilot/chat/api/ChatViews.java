package com.outreachpilot.chat.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.outreachpilot.platform.api.Deleted;
import com.fasterxml.jackson.databind.JsonNode;
import com.outreachpilot.chat.domain.ChatService;
import com.outreachpilot.chat.domain.MessageRecord;
import com.outreachpilot.chat.domain.ThreadSummary;
import com.outreachpilot.chat.domain.ToolCall;

import java.time.Instant;
import java.util.List;

/** What the chat endpoints answer, field by field as the API reference shows them. */
public final class ChatViews {

    private ChatViews() {
    }

    public record Usage(int inputTokens, int outputTokens) {
    }

    public record ToolCallView(String name, JsonNode arguments, String result, boolean ok, long durationMs) {
        static ToolCallView of(ToolCall call) {
            return new ToolCallView(call.name(), call.arguments(), call.result(), call.ok(), call.durationMs());
        }

        static List<ToolCallView> of(List<ToolCall> calls) {
            return calls == null ? List.of() : calls.stream().map(ToolCallView::of).toList();
        }
    }

    /** {@code data} of a chat message's answer. */
    public record ReplyView(@Schema(required = true) String response, @Schema(required = true) String threadId, @Schema(required = true) String messageId, List<ToolCallView> toolCalls,
                            String model, Usage usage) {
        static ReplyView of(ChatService.Reply reply) {
            return new ReplyView(reply.response(), reply.threadId().toString(), reply.messageId().toString(),
                    ToolCallView.of(reply.toolCalls()), reply.model(), new Usage(reply.inputTokens(), reply.outputTokens()));
        }
    }

    public record ThreadView(@Schema(required = true) String id, String title, @Schema(required = true) int messageCount, @Schema(required = true) Instant createdAt, @Schema(required = true) Instant updatedAt) {
        static ThreadView of(ThreadSummary t) {
            return new ThreadView(t.id().toString(), t.title(), t.messageCount(), t.createdAt(), t.updatedAt());
        }
    }

    /** A stored message; the agent's answers carry their tool calls, model, usage and credits. */
    public record MessageView(@Schema(required = true) String id, @Schema(required = true) String role, String content, List<ToolCallView> toolCalls, String model,
                              Usage usage, Integer creditsUsed, @Schema(required = true) Instant createdAt) {
        static MessageView of(MessageRecord m) {
            boolean answer = "assistant".equals(m.role());
            return new MessageView(m.id().toString(), m.role(), m.content(), answer ? ToolCallView.of(m.toolCalls()) : null,
                    m.model(), answer && m.inputTokens() != null
                    ? new Usage(m.inputTokens(), m.outputTokens() == null ? 0 : m.outputTokens()) : null,
                    m.creditsUsed(), m.createdAt());
        }
    }

    /** {@code data} of a thread: the thread and a page of its messages in order. */
    public record ThreadDetail(ThreadView thread, List<MessageView> messages) {
    }

}
