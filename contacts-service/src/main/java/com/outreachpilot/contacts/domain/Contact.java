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

/** A person an organization may reach out to. */
@Entity
@Table(name = "contact")
public class Contact extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    public String email;
    /** Derived by the database from the email; mapped so native {@code select *} rows read back whole. */
    @Column(name = "email_domain", insertable = false, updatable = false)
    public String emailDomain;
    /** Derived by the database for search (never shown); mapped for the same reason. */
    @Column(name = "search_text", insertable = false, updatable = false)
    public String searchText;
    @Column(name = "first_name")
    public String firstName;
    @Column(name = "last_name")
    public String lastName;
    public String company;
    public String title;
    @Column(name = "linkedin_url")
    public String linkedinUrl;
    public String status;
    @Column(name = "folder_id")
    public UUID folderId;
    @Column(name = "account_id")
    public UUID accountId;
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
