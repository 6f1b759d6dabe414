package com.outreachpilot.platform.data;

import com.outreachpilot.platform.data.outbox.OutboxRelay;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestInfrastructure;
import com.outreachpilot.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events reach Kafka exactly when their transaction committed, in order per organization, and survive a relay stop. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class OutboxTest {

    static final String TOPIC = "contacts.events"; // folder.* events belong to the contacts domain

    @Inject
    OutboxRelay relay;

    static String create(String org, String name, int expectedStatus) {
        return given().header("Authorization", TestTokens.bearer("platform-test", org))
                .contentType("application/json").body("{\"name\": \"" + name + "\"}")
                .post("/api/v1/widgets")
                .then().statusCode(expectedStatus)
                .extract().path("data.id");
    }

    @Test
    void committedEventIsPublishedWithTheEnvelopeKeyedByOrganization() {
        String org = "org_" + UUID.randomUUID();
        try (EventTap tap = new EventTap(TOPIC)) {
            String id = create(org, "committed", 201);
            EventTap.Received received = tap.await(e -> id.equals(e.subject()), Duration.ofSeconds(20));
            DomainEvent event = received.event();
            assertEquals(org, received.key());
            assertEquals("folder.created", event.type());
            assertEquals(org, event.orgId());
            assertTrue(event.id().startsWith("evt_"));
            assertEquals(DomainEvent.CURRENT_VERSION, event.version());
            assertEquals("committed", event.data().get("name").asText());
            assertTrue(event.data().has("created_at"), "data is rendered in the API's snake_case");
        }
    }

    @Test
    void rolledBackEventIsNeverPublished() {
        String org = "org_" + UUID.randomUUID();
        try (EventTap tap = new EventTap(TOPIC)) {
            // the request writes a widget and its event, then fails: the transaction rolls back
            given().header("Authorization", TestTokens.bearer("platform-test", org))
                    .contentType("application/json").body("{\"name\": \"explode-1\"}")
                    .post("/api/v1/widgets").then().statusCode(500);
            String later = create(org, "after-rollback", 201);
            // same organization = same partition, in order: once the later event is there, an earlier one would be too
            tap.await(e -> later.equals(e.subject()), Duration.ofSeconds(20));
            assertEquals(List.of(), tap.seen(e -> org.equals(e.orgId()) && e.data().get("name").asText().startsWith("explode")));
            assertEquals(0, countRows("select count(*) from platform_test.widget where name like 'explode%' and org_id = '" + org + "'"));
        }
    }

    @Test
    void eventsOfOneOrganizationArriveInCommitOrder() {
        String org = "org_" + UUID.randomUUID();
        List<String> ids = new ArrayList<>();
        try (EventTap tap = new EventTap(TOPIC)) {
            for (int i = 0; i < 15; i++) {
                ids.add(create(org, "ordered-" + i, 201));
            }
            tap.await(e -> ids.get(ids.size() - 1).equals(e.subject()), Duration.ofSeconds(20));
            List<String> published = tap.seen(e -> org.equals(e.orgId())).stream().map(r -> r.event().subject()).toList();
            assertEquals(ids, published);
        }
    }

    @Test
    void relayStoppedBetweenCommitAndPublishPublishesAfterRestart() {
        String org = "org_" + UUID.randomUUID();
        try (EventTap tap = new EventTap(TOPIC)) {
            relay.pause();
            String id;
            try {
                id = create(org, "while-stopped", 201);
                assertEquals(1, countRows("select count(*) from platform_test.outbox_event where event_key = '" + org + "'"));
                assertEquals(List.of(), tap.collect(e -> org.equals(e.orgId()), Duration.ofSeconds(1)));
            } finally {
                relay.resume();
            }
            tap.await(e -> id.equals(e.subject()), Duration.ofSeconds(20));
            assertEquals(1, tap.seen(e -> id.equals(e.subject())).size());
            assertEquals(0, countRows("select count(*) from platform_test.outbox_event where event_key = '" + org + "'"));
        }
    }

    @Test
    void aBulkAppendIsStoredAsFewRowsAndPublishedEventByEventInOrder() {
        String org = "org_" + UUID.randomUUID();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            names.add("bulk-" + i);
        }
        String body = names.stream().map(n -> "\"" + n + "\"").collect(java.util.stream.Collectors.joining(",", "[", "]"));
        try (EventTap tap = new EventTap(TOPIC)) {
            relay.pause();
            try {
                given().header("Authorization", TestTokens.bearer("platform-test", org)).contentType("application/json")
                        .body(body).post("/api/v1/widgets/events").then().statusCode(200);
                // 1,000 events per row at most
                assertEquals(3, countRows("select count(*) from platform_test.outbox_event where event_key = '" + org + "'"));
                assertEquals(2_500, countRows("select sum(cardinality(payloads)) from platform_test.outbox_event"
                        + " where event_key = '" + org + "'"));
            } finally {
                relay.resume();
            }
            tap.await(e -> org.equals(e.orgId()) && "bulk-2499".equals(e.data().get("name").asText()), Duration.ofSeconds(30));
            List<EventTap.Received> published = tap.seen(e -> org.equals(e.orgId()));
            assertEquals(names, published.stream().map(r -> r.event().data().get("name").asText()).toList());
            for (EventTap.Received r : published) {
                assertEquals(org, r.key());
                assertEquals("folder.created", r.headers().get("event-type"));
                assertEquals(r.event().id(), r.headers().get("event-id"));
            }
            assertEquals(2_500, published.stream().map(r -> r.event().id()).distinct().count());
            assertEquals(0, countRows("select count(*) from platform_test.outbox_event where event_key = '" + org + "'"));
        }
    }

    static long countRows(String sql) {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anEventTheBrokerCannotTakeIsMovedAsideAndTheEventsBehindItArrive() {
        String org = "org_" + UUID.randomUUID();
        String huge = "h".repeat(1_100_000); // past the 1 MB event limit once rendered
        try (EventTap tap = new EventTap(TOPIC)) {
            given().header("Authorization", TestTokens.bearer("platform-test", org)).contentType("application/json")
                    .body(List.of("before", huge, "after")).post("/api/v1/widgets/events").then().statusCode(200);
            tap.await(e -> org.equals(e.orgId()) && "after".equals(e.data().get("name").asText()), Duration.ofSeconds(20));
            assertEquals(List.of("before", "after"), tap.seen(e -> org.equals(e.orgId())).stream()
                    .map(r -> r.event().data().get("name").asText()).toList());
        }
        // the relay's transaction (dead letter in, rows out) commits just after the events behind it were sent
        await().atMost(Duration.ofSeconds(10)).until(() -> countRows(
                "select count(*) from platform_test.outbox_dead_letter where event_key = '" + org
                        + "' and error like '%exceeds%' and length(payload) > 1100000") == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> countRows(
                "select count(*) from platform_test.outbox_event where event_key = '" + org + "'") == 0);
        // operators see it (without its payload) through the admin API
        given().header("Authorization", TestTokens.adminBearer("platform-test"))
                .get("/admin/v1/dead-letters/platform-test?limit=200")
                .then().statusCode(200)
                .body("data.find { it.org_id == '" + org + "' }.type", equalTo("folder.created"))
                .body("data.find { it.org_id == '" + org + "' }.payload_chars", greaterThan(1_100_000))
                .body("meta.total", greaterThanOrEqualTo(1));
        given().header("Authorization", TestTokens.bearer("platform-test", org))
                .get("/admin/v1/dead-letters/platform-test").then().statusCode(403);
        given().header("Authorization", TestTokens.adminBearer("platform-test"))
                .get("/admin/v1/dead-letters/contacts").then().statusCode(404);
    }
}
