package com.outreachpilot.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Cursor;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.webhooks.repository.FeedRepository;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.outreachpilot.webhooks.WebhooksApiTest.as;
import static com.outreachpilot.webhooks.WebhooksApiTest.newOrg;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The events feed and replays, fed by real Kafka records, read over HTTP. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class EventFeedTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static Receiver receiver;

    @Inject
    FeedRepository feed;

    @Inject
    Pool pool;

    @BeforeAll
    static void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    static String[] subscribe(String org, String path, String events) {
        var created = as(org).body("{\"url\":\"" + receiver.url(path) + "\",\"events\":" + events + "}")
                .post("/api/v1/webhooks").then().statusCode(201).extract();
        return new String[]{created.path("data.id"), created.path("data.secret")};
    }

    static ExtractableResponse<Response> events(String org, String query) {
        return as(org).get("/api/v1/events" + query).then().statusCode(200).extract();
    }

    /** Waits until the organization's feed holds {@code count} events and answers them. */
    static List<String> awaitIds(String org, int count) {
        List<String> ids = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            ids.clear();
            ids.addAll(events(org, "?limit=200").path("data.id"));
            return ids.size() >= count;
        });
        return ids;
    }

    @Test
    void everyEventOfAnOrganizationIsThereOldestFirstWithOrWithoutSubscriptions() {
        String org = newOrg();
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "c" + i, "email", i + "@feed.io")).id());
        }
        // not subscribable: never in the feed
        Events.publish(EventType.APIKEY_CREATED, org, Map.of("id", "k1"));
        DomainEvent last = Events.publish(EventType.CONTACT_DELETED, org, Map.of("id", "c0"));
        published.add(last.id());
        assertEquals(published, awaitIds(org, 6), "the contacts topic's order, nothing else");

        var first = events(org, "?limit=2");
        assertEquals(published.subList(0, 2), first.path("data.id"));
        assertEquals(Boolean.TRUE, first.path("meta.has_more"));
        assertEquals(2, (int) first.path("meta.limit"));
        assertEquals("contact.created", first.path("data[0].type"));
        assertEquals("0@feed.io", first.path("data[0].data.email"));
        String cursor = first.path("meta.next_cursor");
        var second = events(org, "?limit=2&after=" + cursor);
        assertEquals(published.subList(2, 4), second.path("data.id"));
        var rest = events(org, "?limit=50&after=" + second.path("meta.next_cursor"));
        assertEquals(published.subList(4, 6), rest.path("data.id"));
        assertEquals(Boolean.FALSE, rest.path("meta.has_more"));
        // at the end: nothing new, and the same cursor to poll with later
        String end = rest.path("meta.next_cursor");
        var nothing = events(org, "?after=" + end);
        assertEquals(List.of(), nothing.path("data"));
        assertEquals(end, nothing.path("meta.next_cursor"));
        DomainEvent later = Events.publish(EventType.CONTACT_UPDATED, org, Map.of("id", "c1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of(later.id()).equals(events(org, "?after=" + end).path("data.id")));

        // one at a time by id
        as(org).get("/api/v1/events/" + last.id()).then().statusCode(200)
                .body("data.id", equalTo(last.id())).body("data.type", equalTo("contact.deleted"))
                .body("data.timestamp", equalTo(last.occurredAt().toString())).body("data.data.id", equalTo("c0"));
        // an empty organization's feed: nothing, no cursor
        events(newOrg(), "").response().then().body("data", hasSize(0)).body("meta.next_cursor", nullValue())
                .body("meta.has_more", equalTo(false));
    }

    @Test
    void typesFilterMergesEachTypesOwnOrder() {
        String org = newOrg();
        DomainEvent created = Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "c1"));
        Events.publish(EventType.CONTACT_UPDATED, org, Map.of("id", "c1"));
        DomainEvent deleted = Events.publish(EventType.CONTACT_DELETED, org, Map.of("id", "c1"));
        DomainEvent opened = Events.publish(EventType.EMAIL_OPENED, org, Map.of("contact_id", "c1"));
        awaitIds(org, 4);
        assertEquals(List.of(opened.id()), events(org, "?types=email.opened").path("data.id"));
        assertEquals(List.of(created.id(), deleted.id()),
                events(org, "?types=contact.deleted, contact.created,contact.deleted").path("data.id"));
        var page = events(org, "?types=contact.created,contact.deleted&limit=1");
        assertEquals(List.of(created.id()), page.path("data.id"));
        assertEquals(Boolean.TRUE, page.path("meta.has_more"));
        assertEquals(List.of(deleted.id()), events(org, "?types=contact.created,contact.deleted&limit=1&after="
                + page.path("meta.next_cursor")).path("data.id"));
    }

    @Test
    void anotherOrganizationsEventsAreUnknown() {
        String a = newOrg();
        String b = newOrg();
        DomainEvent ofA = Events.publish(EventType.CONTACT_CREATED, a, Map.of("id", "x"));
        awaitIds(a, 1);
        as(b).get("/api/v1/events/" + ofA.id()).then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        as(a).get("/api/v1/events/evt_000000000000ffffffffffffffff").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        as(a).get("/api/v1/events/" + "x".repeat(5000)).then().statusCode(404);
        assertEquals(List.of(), events(b, "").path("data"));
        // a's cursor in b's hands is only a position: it shows b nothing of a's
        String cursor = events(a, "?limit=1").path("meta.next_cursor");
        assertEquals(List.of(), events(b, "?after=" + cursor).path("data"));
    }

    @Test
    void badParametersAre422NamingThemAndAnExpiredCursorIs410() {
        String org = newOrg();
        for (String bad : new String[] {"?types=contact.nope", "?types=org.created", "?types=contact.created,",
                "?types=%25"}) {
            as(org).get("/api/v1/events" + bad).then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.fields[0].field", equalTo("types"));
        }
        for (String bad : new String[] {"?after=nonsense", "?after=" + Cursor.encode(1, 2), "?after=%00%27",
                "?after=" + "A".repeat(300), "?after=" + java.util.Base64.getUrlEncoder().encodeToString("1.x.3".getBytes())}) {
            as(org).get("/api/v1/events" + bad).then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.fields[0].field", equalTo("after"));
        }
        for (String bad : new String[] {"?limit=0", "?limit=201", "?limit=ten", "?limit=-1"}) {
            as(org).get("/api/v1/events" + bad).then().statusCode(422).body("error.fields[0].field", equalTo("limit"));
        }
        long old = Instant.now().minus(Duration.ofDays(31)).toEpochMilli();
        as(org).get("/api/v1/events?after=" + Cursor.encode(5, 5, old)).then().statusCode(410)
                .body("error.code", equalTo("CURSOR_EXPIRED")).body("error.docs_url", equalTo("/docs#cursor_expired"));
        long recent = Instant.now().minus(Duration.ofDays(29)).toEpochMilli();
        as(org).get("/api/v1/events?after=" + Cursor.encode(5, 5, recent)).then().statusCode(200);
    }

    @Test
    void theFeedAndTheWebhooksCarryTheSameBodies() throws Exception {
        String org = newOrg();
        String[] sub = subscribe(org, "/exact", "[\"contact.created\"]");
        DomainEvent created = Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "c1", "email", "same@body.io"));
        Receiver.Hit hit = awaitHit("/exact", 1).get(0);
        assertTrue(DeliveryTest.verifies(sub[1], hit));
        JsonNode delivered = JSON.readTree(hit.body());
        String stored = as(org).get("/api/v1/events/" + created.id()).then().statusCode(200).extract().asString();
        assertEquals(delivered, JSON.readTree(stored).path("data"));
    }

    @Test
    void aReplayRedeliversTheSubscriptionsTypesSinceATimeWithTheSameIds() throws Exception {
        String org = newOrg();
        Instant before = Instant.now().minusSeconds(1);
        // events from before the subscription existed are in the feed, and a replay may bring them
        DomainEvent early = Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "early"));
        awaitIds(org, 1);
        String[] sub = subscribe(org, "/replay", "[\"contact.created\",\"email.opened\"]");
        DomainEvent created = Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "c1"));
        Events.publish(EventType.CONTACT_DELETED, org, Map.of("id", "c1"));
        DomainEvent opened = Events.publish(EventType.EMAIL_OPENED, org, Map.of("contact_id", "c1"));
        awaitHit("/replay", 2);
        awaitIds(org, 4);

        var replay = as(org).body("{\"since\":\"" + before + "\"}").post("/api/v1/webhooks/" + sub[0] + "/replay")
                .then().statusCode(202).body("data.events", equalTo(3)).body("data.replay_id", notNullValue())
                .body("data.since", equalTo(before.toString())).body("data.next_since", nullValue()).extract();
        List<Receiver.Hit> hits = awaitHit("/replay", 5);
        List<String> replayed = hits.subList(2, 5).stream().map(h -> h.headers().get("webhook-id")).toList();
        assertTrue(replayed.containsAll(List.of(early.id(), created.id(), opened.id())), replayed.toString());
        for (Receiver.Hit h : hits) {
            assertTrue(DeliveryTest.verifies(sub[1], h), "every replayed delivery is signed");
        }
        String replayId = replay.path("data.replay_id");
        await().atMost(Duration.ofSeconds(30)).until(() -> as(org).get("/api/v1/webhooks/" + sub[0] + "/deliveries")
                .then().extract().<List<String>>path("data.replay_id").stream().filter(replayId::equals).count() == 3);
        // since later than everything: nothing to replay
        as(org).body("{\"since\":\"" + Instant.now().plusSeconds(60) + "\"}").post("/api/v1/webhooks/" + sub[0] + "/replay")
                .then().statusCode(202).body("data.events", equalTo(0));
    }

    @Test
    void replayRefusesBadInputUnknownAndDisabledWebhooks() {
        String org = newOrg();
        String[] sub = subscribe(org, "/replay-bad", "[\"contact.created\"]");
        String path = "/api/v1/webhooks/" + sub[0] + "/replay";
        for (String bad : new String[] {"{}", "{\"since\":null}", "{\"since\":\"yesterday\"}", "{\"since\":12}",
                "{\"since\":\"+100000-01-01T00:00:00Z\"}"}) {
            as(org).body(bad).post(path).then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"));
        }
        as(org).body("{\"since\":\"2026-01-01T00:00:00Z\"").post(path).then().statusCode(422);
        as(newOrg()).body("{\"since\":\"2026-01-01T00:00:00Z\"}").post(path).then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        as(org).body("{\"since\":\"2026-01-01T00:00:00Z\"}").post("/api/v1/webhooks/not-an-id/replay").then().statusCode(404);
        as(org).body("{\"enabled\":false}").put("/api/v1/webhooks/" + sub[0]).then().statusCode(200);
        as(org).body("{\"since\":\"2026-01-01T00:00:00Z\"}").post(path).then().statusCode(422)
                .body("error.message", equalTo("This webhook is disabled"));
    }

    @Test
    void eventsOlderThanTheRetentionAreDeleted() {
        String org = newOrg();
        Instant old = Instant.now().minus(Duration.ofDays(40));
        pool.preparedQuery("insert into event_feed (id, org_id, type, occurred_at, body, stored_at)"
                        + " values ($1, $2, 'contact.created', $3, '{}', $3)")
                .execute(Tuple.of("evt_old_" + org, org, old.atOffset(ZoneOffset.UTC))).await().indefinitely();
        DomainEvent fresh = Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "new"));
        awaitIds(org, 2);
        int deleted = feed.purgeBefore(Instant.now().minus(Duration.ofDays(30)), 1000).await().indefinitely();
        assertTrue(deleted >= 1);
        assertEquals(List.of(fresh.id()), events(org, "").path("data.id"));
        as(org).get("/api/v1/events/evt_old_" + org).then().statusCode(404);
    }

    private static List<Receiver.Hit> awaitHit(String path, int count) {
        return receiver.await(path, h -> h.size() >= count, Duration.ofSeconds(30));
    }
}
