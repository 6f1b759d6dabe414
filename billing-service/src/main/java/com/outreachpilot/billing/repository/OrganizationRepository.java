package com.outreachpilot.billing.repository;

import com.outreachpilot.billing.domain.Organization;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

@ApplicationScoped
public class OrganizationRepository implements PanacheRepositoryBase<Organization, UUID> {

    /** The organization unless it does not exist or was deleted. */
    public Uni<Organization> findActive(UUID id) {
        return find("id = ?1 and deletedAt is null", id).firstResult();
    }
}
