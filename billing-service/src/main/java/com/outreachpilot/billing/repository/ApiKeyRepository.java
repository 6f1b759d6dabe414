package com.outreachpilot.billing.repository;

import com.outreachpilot.billing.domain.ApiKey;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    public Uni<ApiKey> findByHash(String keyHash) {
        return find("keyHash", keyHash).firstResult();
    }

    public Uni<List<ApiKey>> listForOrg(UUID orgId) {
        return list("orgId = ?1 order by createdAt, id", orgId);
    }

    /** Records use at most once a minute per key, so key lookups do not turn into a write each. */
    public Uni<Integer> touch(UUID keyId, Instant at) {
        return update("lastUsedAt = ?1 where id = ?2 and (lastUsedAt is null or lastUsedAt < ?3)", at, keyId,
                at.minusSeconds(60));
    }
}
