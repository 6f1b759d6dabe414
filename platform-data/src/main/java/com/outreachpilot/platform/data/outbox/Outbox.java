package com.outreachpilot.platform.data.outbox;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.TreeSet;

/**
 * Writes domain events into the service's outbox table inside the caller's transaction, so an event exists
 * exactly when the state change it describes was committed. Call it from within {@code @WithTransaction}
 * (or {@code Panache.withTransaction}); the relay publishes the rows after commit.
 */
@ApplicationScoped
public class Outbox {

    static final String NOTIFY_CHANNEL = "outbox_event";
    private static final int ROWS_PER_STATEMENT = 1000;

    public Uni<Void> append(DomainEvent event) {
        return append(List.of(event));
    }

    public Uni<Void> append(List<DomainEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> lockOrganizations(session, events)
                .chain(() -> insert(session, events, 0))
                // delivered to the relay's LISTEN connection only if and when this transaction commits
                .chain(() -> session.createNativeQuery(
                        "select cast(pg_notify('" + NOTIFY_CHANNEL + "_' || current_schema(), '') as text)", String.class).getSingleResult())
                .replaceWithVoid());
    }

    /**
     * Transactions writing events of one organization take turns from here to commit, so the relay's
     * id order is that organization's commit order and its events reach Kafka in the order they happened.
     */
    private static Uni<Void> lockOrganizations(Mutiny.Session session, List<DomainEvent> events) {
        TreeSet<String> orgs = new TreeSet<>(); // sorted: two transactions never wait on each other in a cycle
        events.forEach(e -> orgs.add(e.orgId()));
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (String org : orgs) {
            chain = chain.chain(() -> session
                    .createNativeQuery("select cast(pg_advisory_xact_lock(7001, hashtext(?1)) as text)", String.class)
                    .setParameter(1, org)
                    .getSingleResult()
                    .replaceWithVoid());
        }
        return chain;
    }

    /** One statement per chunk: a text array per column, unnested into rows (cheap to bind for thousands of rows). */
    private static Uni<Void> insert(Mutiny.Session session, List<DomainEvent> events, int from) {
        if (from >= events.size()) {
            return Uni.createFrom().voidItem();
        }
        List<DomainEvent> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT));
        String[][] columns = new String[5][chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            DomainEvent event = chunk.get(i);
            columns[0][i] = event.id();
            columns[1][i] = event.topic();
            columns[2][i] = event.orgId();
            columns[3][i] = event.type();
            columns[4][i] = DomainEventCodec.encode(event);
        }
        Mutiny.MutationQuery query = session.createNativeQuery("insert into outbox_event (event_id, topic, event_key,"
                + " event_type, payload) select * from unnest(cast(?1 as text[]), cast(?2 as text[]), cast(?3 as text[]),"
                + " cast(?4 as text[]), cast(?5 as text[]))");
        for (int c = 0; c < columns.length; c++) {
            query.setParameter(c + 1, columns[c]);
        }
        return query.executeUpdate().chain(() -> insert(session, events, from + ROWS_PER_STATEMENT));
    }
}
