package com.outreachpilot.platform.data.idempotency;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import com.outreachpilot.platform.time.Clock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Idempotency-Key records in the service's own schema. */
@ApplicationScoped
public class IdempotencyStore {

    /** How long a stored response is replayed. */
    public static final Duration RETENTION = Duration.ofHours(24);
    /**
     * A request that crashed without finishing frees its key after this long. It outlives the longest route's
     * timeout (the AI chat's 120 s at the gateway) with a margin, so a client's retry during a slow first call
     * is answered 409 instead of running the request a second time.
     */
    @ConfigProperty(name = "platform.idempotency.in-flight-lock", defaultValue = "150s")
    Duration lock;

    @Inject
    Clock clock;

    sealed interface Claim permits Claim.Owned, Claim.Replay, Claim.InFlight, Claim.Mismatch {
        record Owned() implements Claim {
        }

        record Replay(int status, String body) implements Claim {
        }

        record InFlight() implements Claim {
        }

        record Mismatch() implements Claim {
        }
    }

    /** Claims the key for this request, or tells what already happened under it. Commits on its own. */
    Uni<Claim> claim(String scope, String key, String fingerprint) {
        OffsetDateTime now = clock.now().atOffset(ZoneOffset.UTC);
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("""
                        insert into idempotency_record (scope, idem_key, fingerprint, state, locked_until, created_at)
                        values (?1, ?2, ?3, 'in_progress', ?4, ?5)
                        on conflict (scope, idem_key) do update
                           set fingerprint = excluded.fingerprint, state = 'in_progress', status = null, body = null,
                               locked_until = excluded.locked_until, created_at = excluded.created_at
                         where idempotency_record.created_at < ?6
                            or (idempotency_record.state = 'in_progress' and idempotency_record.locked_until < ?5
                                and idempotency_record.fingerprint = excluded.fingerprint)
                        returning state""", String.class)
                .setParameter(1, scope)
                .setParameter(2, key)
                .setParameter(3, fingerprint)
                .setParameter(4, now.plus(lock))
                .setParameter(5, now)
                .setParameter(6, now.minus(RETENTION))
                .getResultList()
                .chain(claimed -> !claimed.isEmpty() ? Uni.createFrom().item((Claim) new Claim.Owned())
                        : existing(session, scope, key, fingerprint))));
    }

    private static Uni<Claim> existing(org.hibernate.reactive.mutiny.Mutiny.Session session, String scope, String key,
            String fingerprint) {
        return session.createNativeQuery(
                        "select fingerprint, state, status, body from idempotency_record where scope = ?1 and idem_key = ?2",
                        Object[].class)
                .setParameter(1, scope)
                .setParameter(2, key)
                .getResultList()
                .map((List<Object[]> rows) -> {
                    if (rows.isEmpty()) {
                        return new Claim.InFlight(); // released between our insert and select: let the client retry
                    }
                    Object[] row = rows.get(0);
                    if (!fingerprint.equals(row[0])) {
                        return new Claim.Mismatch();
                    }
                    if ("in_progress".equals(row[1])) {
                        return new Claim.InFlight();
                    }
                    return new Claim.Replay(((Number) row[2]).intValue(), (String) row[3]);
                });
    }

    Uni<Void> complete(String scope, String key, int status, String body) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("update idempotency_record set state = 'completed', status = ?3, body = ?4"
                        + " where scope = ?1 and idem_key = ?2")
                .setParameter(1, scope)
                .setParameter(2, key)
                .setParameter(3, status)
                .setParameter(4, body)
                .executeUpdate()))
                .replaceWithVoid();
    }

    /** Frees the key after an unexpected failure, so the client's retry runs the request again. */
    Uni<Void> release(String scope, String key) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("delete from idempotency_record where scope = ?1 and idem_key = ?2"
                        + " and state = 'in_progress'")
                .setParameter(1, scope)
                .setParameter(2, key)
                .executeUpdate()))
                .replaceWithVoid();
    }
}
