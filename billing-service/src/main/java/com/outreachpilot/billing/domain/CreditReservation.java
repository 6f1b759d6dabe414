package com.outreachpilot.billing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** Credits held for an operation in progress, keyed by the caller's idempotency key. */
@Entity
@Table(name = "credit_reservation")
public class CreditReservation extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "org_id")
    public UUID orgId;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    public long amount;
    public String state;
    @Column(name = "settled_amount")
    public Long settledAmount;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "expires_at")
    public Instant expiresAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
}
