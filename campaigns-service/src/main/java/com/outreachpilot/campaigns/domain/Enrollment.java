package com.outreachpilot.campaigns.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One contact in one campaign's audience, with what its emails need copied from the contact when it was
 * enrolled: the sequencer works from this row alone.
 */
@Entity
@Table(name = "enrollment")
public class Enrollment extends PanacheEntityBase {

    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String COMPLETED = "completed";
    public static final String BOUNCED = "bounced";
    public static final String FAILED = "failed";
    public static final String UNSUBSCRIBED = "unsubscribed";
    public static final List<String> STATUSES = List.of(ACTIVE, PAUSED, COMPLETED, BOUNCED, FAILED, UNSUBSCRIBED);
    /** States an enrollment never leaves. */
    public static final List<String> FINAL = List.of(COMPLETED, BOUNCED, FAILED, UNSUBSCRIBED);

    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    @Column(name = "campaign_id")
    public UUID campaignId;
    @Column(name = "contact_id")
    public UUID contactId;
    public String email;
    @Column(name = "first_name")
    public String firstName;
    @Column(name = "last_name")
    public String lastName;
    public String company;
    public String title;
    @Convert(converter = Columns.ContextColumn.class)
    public Map<String, Object> context = new LinkedHashMap<>();
    public String status;
    @Column(name = "current_step")
    public int currentStep;
    @Column(name = "next_send_at")
    public Instant nextSendAt;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "last_sent_at")
    public Instant lastSentAt;
    @Column(name = "last_opened_at")
    public Instant lastOpenedAt;
    @Column(name = "last_clicked_at")
    public Instant lastClickedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public Member member() {
        return new Member(contactId, email, firstName, lastName, company, status, currentStep, nextSendAt,
                lastSentAt, lastOpenedAt, lastClickedAt, createdAt, updatedAt);
    }
}
