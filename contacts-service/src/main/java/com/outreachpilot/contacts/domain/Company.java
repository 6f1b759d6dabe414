package com.outreachpilot.contacts.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A company (account). Contacts whose email domain equals its domain are linked to it. */
@Entity
@Table(name = "company")
public class Company extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    public String name;
    public String domain;
    public String industry;
    public String size;
    /** Fields the API does not know, kept as given. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> context = new LinkedHashMap<>();
    /**
     * Derived by the database for the {@code context.<key>} list filters (V10: scalar values lower-cased, never
     * shown); mapped so native {@code select *} rows read back whole.
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "context_folded", columnDefinition = "jsonb", insertable = false, updatable = false)
    public Map<String, Object> contextFolded;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
