package com.outreachpilot.platform.data.app;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A minimal organization-owned resource the platform tests act on. */
@Entity
@Table(name = "widget")
public class Widget extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
}
