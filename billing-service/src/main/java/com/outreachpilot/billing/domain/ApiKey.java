package com.outreachpilot.billing.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An API key: only its SHA-256 hash and a short display prefix are kept. */
@Entity
@Table(name = "api_key")
public class ApiKey extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "org_id")
    public UUID orgId;
    @Column(name = "key_hash")
    public String keyHash;
    public String prefix;
    public String name;
    public String scopes;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "last_used_at")
    public Instant lastUsedAt;
    @Column(name = "revoked_at")
    public Instant revokedAt;

    public List<String> scopeList() {
        return Scopes.load(scopes);
    }
}
