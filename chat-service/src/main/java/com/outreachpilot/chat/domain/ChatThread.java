package com.outreachpilot.chat.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A conversation of one organization with the agent. */
@Entity
@Table(name = "chat_thread")
public class ChatThread extends PanacheEntityBase {

    /** Characters of the first message kept as the thread's title. */
    public static final int TITLE_LENGTH = 80;

    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    public String title;
    @Column(name = "message_count")
    public int messageCount;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public ThreadSummary summary() {
        return new ThreadSummary(id, title, messageCount, createdAt, updatedAt);
    }
}
