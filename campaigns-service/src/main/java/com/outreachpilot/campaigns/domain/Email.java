package com.outreachpilot.campaigns.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One step's email to one enrolled contact, recorded before it is handed to SMTP. */
@Entity
@Table(name = "email")
public class Email extends PanacheEntityBase {

    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String DEFERRED = "deferred";
    public static final String BOUNCED = "bounced";
    public static final String FAILED = "failed";
    public static final String INTERRUPTED = "interrupted";

    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    @Column(name = "campaign_id")
    public UUID campaignId;
    @Column(name = "enrollment_id")
    public UUID enrollmentId;
    @Column(name = "contact_id")
    public UUID contactId;
    public int step;
    @Column(name = "message_id")
    public String messageId;
    public String status;
    /** Random, unguessable; tracking links carry it signed. */
    public String token;
    /** The links the email contained: the only addresses a click on it is redirected to. */
    @jakarta.persistence.Convert(converter = Columns.LinksColumn.class)
    public java.util.List<String> links;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
    @Column(name = "sent_at")
    public Instant sentAt;
    @Column(name = "opened_at")
    public Instant openedAt;
    @Column(name = "clicked_at")
    public Instant clickedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
