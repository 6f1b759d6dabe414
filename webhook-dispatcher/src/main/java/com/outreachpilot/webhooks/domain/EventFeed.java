package com.outreachpilot.webhooks.domain;

import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Cursor;
import com.outreachpilot.platform.time.Clock;
import com.outreachpilot.webhooks.config.WebhookConfig;
import com.outreachpilot.webhooks.repository.FeedRepository;
import com.outreachpilot.webhooks.repository.FeedRepository.Stored;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The events feed: every event a webhook could carry, per organization, readable oldest first after an opaque
 * cursor (the position of the last event read) and for one at a time by id, for the events retention. A cursor
 * older than the retention is refused with {@code 410 CURSOR_EXPIRED} rather than silently skipping what was
 * deleted.
 */
@ApplicationScoped
public class EventFeed {

    /** A webhook body ({@code {id, type, timestamp, data}}) as the feed stored it. */
    public record FeedEvent(String id, String body) {
    }

    /**
     * A page of the feed; {@code nextCursor} is where the next read starts: after the last event of this page,
     * or where this read started when it found nothing new (null only when the feed is empty and no cursor was given).
     */
    public record FeedPage(List<FeedEvent> events, boolean hasMore, String nextCursor) {
    }

    @Inject
    FeedRepository feed;

    @Inject
    WebhookConfig config;

    @Inject
    Clock clock;

    /** Up to {@code limit} of the organization's events after {@code after} (from the oldest when null). */
    public Uni<FeedPage> page(OrgId orgId, String after, List<String> types, int limit) {
        long txid = 0;
        long seq = 0;
        if (after != null) {
            long[] position = Cursor.decode(after, 3, "after");
            if (Instant.ofEpochMilli(position[2]).isBefore(clock.now().minus(config.eventsRetention()))) {
                throw new ApiException(ErrorCode.CURSOR_EXPIRED, "This cursor points at an event older than the events"
                        + " retention (" + config.eventsRetention().toDays() + " days)",
                        "Events older than that are deleted; read the feed again from its start (no after=)");
            }
            txid = position[0];
            seq = position[1];
        }
        String org = orgId.toString();
        Uni<List<Stored>> read = types.isEmpty()
                ? feed.after(org, txid, seq, limit + 1)
                : feed.after(org, txid, seq, types, limit + 1);
        return read.map(found -> {
            boolean more = found.size() > limit;
            List<Stored> shown = more ? found.subList(0, limit) : found;
            List<FeedEvent> events = new ArrayList<>(shown.size());
            shown.forEach(s -> events.add(new FeedEvent(s.id(), s.body())));
            String next = shown.isEmpty() ? after : cursorOf(shown.get(shown.size() - 1));
            return new FeedPage(events, more, next);
        });
    }

    /** One event of the organization, or a 404 (also for another organization's and for deleted events). */
    public Uni<FeedEvent> get(OrgId orgId, String id) {
        // an id holds no control characters (PostgreSQL refuses a NUL in text): such an id names no event
        if (id == null || id.length() > 100 || id.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.notFound("Event");
        }
        return feed.find(orgId.toString(), id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Event"))
                .map(s -> new FeedEvent(s.id(), s.body()));
    }

    /**
     * The {@code types} filter: comma-separated subscribable event types, each at most once (empty: every type),
     * or a 422 naming the parameter.
     */
    public static List<String> types(String raw) {
        if (raw == null || raw.isBlank()) {
            return List.of();
        }
        Set<String> types = new LinkedHashSet<>();
        for (String part : raw.split(",", -1)) {
            String type = part.trim();
            if (!EventType.isKnown(type) || !EventType.of(type).subscribable()) {
                throw ApiException.invalid("types", "must be a comma-separated list of event types, each one of "
                        + String.join(", ", EventType.subscribableTypes()));
            }
            types.add(type);
        }
        return List.copyOf(types);
    }

    private static String cursorOf(Stored event) {
        return Cursor.encode(event.txid(), event.seq(), event.storedAt().toEpochMilli());
    }
}
