package com.outreachpilot.chat.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One message of a thread: the client's or the agent's, with the tool calls the agent made for it. */
@Entity
@Table(name = "chat_message")
public class ThreadMessage extends PanacheEntityBase {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    @Id
    public UUID id;
    @Column(name = "thread_id")
    public UUID threadId;
    @Column(name = "org_id")
    public String orgId;
    public int seq;
    public String role;
    public String content;
    @Column(name = "tool_calls")
    @Convert(converter = ToolCall.ListColumn.class)
    public List<ToolCall> toolCalls;
    public String model;
    @Column(name = "input_tokens")
    public Integer inputTokens;
    @Column(name = "output_tokens")
    public Integer outputTokens;
    @Column(name = "credits_used")
    public Integer creditsUsed;
    @Column(name = "created_at")
    public Instant createdAt;

    public MessageRecord record() {
        return new MessageRecord(id, role, content, toolCalls == null ? List.of() : List.copyOf(toolCalls), model,
                inputTokens, outputTokens, creditsUsed, createdAt);
    }
}
