package com.outreachpilot.billing.repository;

import com.outreachpilot.billing.domain.ApiKey;
import com.outreachpilot.billing.api.BillingViews.KeyPrincipal;
import com.outreachpilot.billing.domain.Scopes;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
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

    @Inject
    Pool pool;

    /**
     * Key and organization in one indexed read, on the reactive client directly with a prepared statement:
     * this is the gateway's cache-miss path and skips the ORM session entirely.
     */
    public Uni<KeyPrincipal> principal(String keyHash) {
        return pool.preparedQuery("select k.id, k.org_id, o.id is not null and o.deleted_at is null as org_exists,"
                        + " o.plan, k.scopes, k.revoked_at is not null as revoked"
                        + " from api_key k left join organization o on o.id = k.org_id where k.key_hash = $1")
                .execute(Tuple.of(keyHash))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    return new KeyPrincipal(row.getUUID("id").toString(), row.getUUID("org_id").toString(),
                            row.getBoolean("org_exists"), row.getString("plan"), Scopes.load(row.getString("scopes")),
                            row.getBoolean("revoked"));
                });
    }

    /** Records when keys were last used; called in batches, not per lookup. */
    public Uni<Integer> touch(List<UUID> keyIds, Instant at) {
        return update("lastUsedAt = ?1 where id in ?2", at, keyIds);
    }
}
