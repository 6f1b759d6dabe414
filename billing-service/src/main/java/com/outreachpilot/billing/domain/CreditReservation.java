package com.outreachpilot.billing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/**
 * Credits held for one charged operation in progress, until settled or released. Keyed per organization by a
 * charge key the charging service generates for that operation ({@link #KEY_SHAPE}), never by a value the
 * client chooses: the same key returns the same reservation, so a client-controlled key would let a client
 * pay once for many operations.
 */
@Entity
@Table(name = "credit_reservation")
public class CreditReservation extends PanacheEntityBase {

    /**
     * A charge key: the operation's kind, a colon, and the id of the charged thing, in printable ASCII without
     * spaces, e.g. {@code chat:<message id>} or {@code campaign:<campaign id>:send:<n>}.
     */
    public static final String KEY_SHAPE = "[a-z][a-z0-9_-]*:[!-~]+";
    public static final int KEY_MAX_LENGTH = 200;

    public static final String HELD = "held";
    public static final String SETTLED = "settled";
    public static final String RELEASED = "released";

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
