package com.outreachpilot.billing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** One movement of credits (append-only); {@code amount} is signed, {@code balanceAfter} what it left. */
@Entity
@Table(name = "credit_ledger")
public class CreditLedgerEntry extends PanacheEntityBase {
    @Id
    public Long id;
    @Column(name = "org_id")
    public UUID orgId;
    @Column(name = "entry_type")
    public String entryType;
    public long amount;
    @Column(name = "balance_after")
    public long balanceAfter;
    public String reason;
    public String reference;
    @Column(name = "created_at")
    public Instant createdAt;

    public enum Type {
        GRANT, REMOVAL, RESERVATION, SETTLEMENT, RELEASE, MONTHLY_RESET;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
