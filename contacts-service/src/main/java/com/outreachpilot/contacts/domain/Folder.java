package com.outreachpilot.contacts.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A named group of contacts; a contact is in at most one folder. */
@Entity
@Table(name = "folder")
public class Folder extends PanacheEntityBase {
    @Id
    public UUID id;
    @Column(name = "org_id")
    public String orgId;
    public String name;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
