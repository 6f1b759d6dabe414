package com.outreachpilot.billing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A customer. Soft-deleted so a deleted organization's keys keep answering ORG_NOT_FOUND. */
@Entity
@Table(name = "organization")
public class Organization extends PanacheEntityBase {
    @Id
    public UUID id;
    public String name;
    public String plan;
    /** Changed only by {@code CreditRepository}, in the same transaction as the ledger row. */
    @Column(name = "credits_balance", insertable = true, updatable = false)
    public long creditsBalance;
    @Column(name = "credits_reset_at")
    public Instant creditsResetAt;
    @Column(name = "low_alerted_period", insertable = false, updatable = false)
    public Instant lowAlertedPeriod;
    @Column(name = "exhausted_alerted_period", insertable = false, updatable = false)
    public Instant exhaustedAlertedPeriod;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "deleted_at")
    public Instant deletedAt;

    public Plan plan() {
        return Plan.valueOf(plan.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean deleted() {
        return deletedAt != null;
    }
}
