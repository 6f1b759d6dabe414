package com.outreachpilot.billing.domain;

import com.outreachpilot.platform.auth.Plan;
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
    /** The plan as written on the wire ({@link Plan#wire()}). */
    public String plan;
    /** Changed only by {@code CreditLedgerRepository}, in the same statement as the ledger row. */
    @Column(name = "credits_balance", updatable = false)
    public long creditsBalance;
    @Column(name = "credits_reset_at")
    public Instant creditsResetAt;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "deleted_at")
    public Instant deletedAt;

    public Plan plan() {
        return Plan.fromWire(plan).orElseThrow(() -> new IllegalStateException("Unknown plan " + plan));
    }
}
