package com.outreachpilot.platform.data.outbox;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes domain events into the service's outbox table inside the caller's transaction, so an event exists
 * exactly when the state change it describes was committed. Call it from within {@code @WithTransaction}
 * (or {@code Panache.withTransaction}); the relay publishes the rows after commit.
 */
@ApplicationScoped
public class Outbox {

    static final String NOTIFY_CHANNEL = "outbox_event";
    static final int EVENTS_PER_ROW = 1000;

    public Uni<Void> append(DomainEvent event) {
        return append(List.of(event));
    }

    public Uni<Void> append(List<DomainEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> lockOrganizations(session, events)
                .chain(() -> insert(session, events))
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

    /**
     * One row per run of events with the same topic and key (at most {@value #EVENTS_PER_ROW}), in the order
     * appended: the relay publishes a row's events in array order, and rows in id order.
     */
    private static Uni<Void> insert(Mutiny.Session session, List<DomainEvent> events) {
        Map<String, List<DomainEvent>> runs = new LinkedHashMap<>();
        for (DomainEvent event : events) {
            runs.computeIfAbsent(event.topic() + '\n' + event.orgId(), k -> new ArrayList<>()).add(event);
        }
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (List<DomainEvent> run : runs.values()) {
            for (int from = 0; from < run.size(); from += EVENTS_PER_ROW) {
                List<DomainEvent> chunk = run.subList(from, Math.min(run.size(), from + EVENTS_PER_ROW));
                chain = chain.chain(() -> insertRow(session, chunk));
            }
        }
        return chain;
    }

    private static Uni<Void> insertRow(Mutiny.Session session, List<DomainEvent> chunk) {
        String[] ids = new String[chunk.size()];
        String[] types = new String[chunk.size()];
        String[] payloads = new String[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            DomainEvent event = chunk.get(i);
            ids[i] = event.id();
            types[i] = event.type();
            payloads[i] = DomainEventCodec.encode(event);
        }
        return session.createNativeQuery("insert into outbox_event (topic, event_key, event_ids, event_types, payloads)"
                        + " values (?1, ?2, cast(?3 as text[]), cast(?4 as text[]), cast(?5 as text[]))")
                .setParameter(1, chunk.get(0).topic())
                .setParameter(2, chunk.get(0).orgId())
                .setParameter(3, ids)
                .setParameter(4, types)
                .setParameter(5, payloads)
                .executeUpdate()
                .replaceWithVoid();
    }
}
