package com.outreachpilot.campaigns.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** An ordered sequence of email steps sent to each enrolled contact over time. */
@Entity
@Table(name = "campaign")
public class Campaign extends PanacheEntityBase {

    public static final String DRAFT = "draft";
    public static final String ACTIVE = "active";
    public static final String PAUSED = "paused";
    public static final String COMPLETED = "completed";
    public static final List<String> STATUSES = List.of(DRAFT, ACTIVE, PAUSED, COMPLETED);

    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    public String name;
    public String status;
    @Convert(converter = Columns.SenderColumn.class)
    public Sender sender;
    @Convert(converter = Columns.StepsColumn.class)
    public List<Step> steps = new ArrayList<>();
    @Convert(converter = Columns.ScheduleColumn.class)
    public Schedule schedule;
    @Convert(converter = Columns.SettingsColumn.class)
    public Settings settings;
    @Column(name = "deleted_at")
    public Instant deletedAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    /** A snapshot for the API and events. */
    public CampaignSnapshot snapshot() {
        return new CampaignSnapshot(id, name, status, sender, List.copyOf(steps), schedule, settings, createdAt, updatedAt);
    }
}
