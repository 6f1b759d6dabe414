package com.outreachpilot.billing.repository;

import com.outreachpilot.billing.domain.ApiKey;
import com.outreachpilot.billing.domain.Scopes;
import com.outreachpilot.platform.auth.KeyPrincipal;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ApiKeyRepository implements PanacheRepositoryBase<ApiKey, UUID> {

    private static final String PRINCIPAL = "select k.id, k.org_id,"
            + " o.id is not null and o.deleted_at is null as org_exists, o.plan, k.scopes,"
            + " k.revoked_at is not null as revoked"
            + " from api_key k left join organization o on o.id = k.org_id where k.key_hash = $1";

    @Inject
    Pool pool;

    public Uni<List<ApiKey>> listForOrg(UUID orgId) {
        return list("orgId = ?1 order by createdAt, id", orgId);
    }

    /**
     * Key and organization in one indexed read, or {@link KeyPrincipal#UNKNOWN}. On the reactive client with a
     * prepared statement rather than Panache: this is the gateway's cache-miss hot path, and it skips opening
     * an ORM session for a read that needs no entity.
     */
    public Uni<KeyPrincipal> principal(String keyHash) {
        return pool.preparedQuery(PRINCIPAL).execute(Tuple.of(keyHash)).map(ApiKeyRepository::principal);
    }

    private static KeyPrincipal principal(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return KeyPrincipal.UNKNOWN;
        }
        Row row = rows.iterator().next();
        return new KeyPrincipal(row.getUUID("id").toString(), row.getUUID("org_id").toString(),
                row.getBoolean("org_exists"), row.getString("plan"), Scopes.load(row.getString("scopes")),
                row.getBoolean("revoked"));
    }

    /** Records when keys were last used; called in batches, not per lookup. */
    public Uni<Integer> touch(List<UUID> keyIds, Instant at) {
        return update("lastUsedAt = ?1 where id in ?2", at, keyIds);
    }
}
