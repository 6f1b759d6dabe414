package com.outreachpilot.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The events feed as an integration meets it through the gateway: events made by real API calls are in the feed
 * exactly as webhooks carried them, page by page after a cursor; another organization sees none of them; bad
 * parameters are 422 envelopes; a replay re-delivers through the signed path with the same event ids.
 */
class EventsEndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static String url(String path) {
        return receiver.url(path);
    }

    static List<WebhookReceiver.Delivery> awaitReceived(String path, int count) {
        return receiver.await(path, count, Duration.ofSeconds(60));
    }

    static ExtractableResponse<Response> events(String key, String query) {
        return Gateway.withKey(key).get("/api/v1/events" + query).then().statusCode(200).extract();
    }

    /** Every event of the key's organization of these types, read page by page following next_cursor. */
    static List<JsonNode> readAll(String key, String types, int pageSize) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        while (true) {
            String body = events(key, "?types=" + types + "&limit=" + pageSize + (cursor == null ? "" : "&after=" + cursor))
                    .asString();
            JsonNode page = JSON.readTree(body);
            page.path("data").forEach(all::add);
            assertTrue(page.path("data").size() <= pageSize);
            cursor = page.path("meta").path("next_cursor").asText(null);
            if (!page.path("meta").path("has_more").asBoolean()) {
                return all;
            }
        }
    }

    @Test
    void whatWebhooksCarriedIsInTheFeedAndOnlyThere() throws Exception {
        String org = Gateway.createOrg("pro");
        String key = Gateway.createKey(org, List.of("contacts", "campaigns")).get("key");
        String webhook = Gateway.withKey(key).body(Map.of("url", url("/feed"), "events", List.of("contact.created")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("data.id");
        Instant before = Instant.now().minusSeconds(2);
        List<Map<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(Map.of("email", "feed" + i + "@events.io", "first_name", "Zoë " + i));
        }
        Gateway.withKey(key).body(Map.of("contacts", batch)).post("/api/v1/contacts").then().statusCode(201);
        String contactId = Gateway.withKey(key).body(Map.of("email", "one@events.io")).post("/api/v1/contacts")
                .then().statusCode(201).extract().path("data.contacts[0].id");
        Gateway.withKey(key).body(Map.of("status", "replied")).put("/api/v1/contacts/" + contactId).then().statusCode(200);

        List<WebhookReceiver.Delivery> delivered = awaitReceived("/feed", 8);
        // the feed holds the update too, which the subscription does not carry
        await().atMost(Duration.ofSeconds(30)).until(() -> readAll(key, "contact.created,contact.updated", 200).size() == 9);

        // exact: every delivery is in the feed with the same body, and every contact.created of the feed was delivered,
        // read three at a time
        List<JsonNode> created = readAll(key, "contact.created", 3);
        assertEquals(8, created.size());
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        created.forEach(e -> byId.put(e.path("id").asText(), e));
        for (WebhookReceiver.Delivery hit : delivered) {
            assertEquals(JSON.readTree(hit.body()), byId.get(hit.id()), "the feed's body is the webhook's body");
        }
        assertEquals(byId.keySet(), new HashSet<>(delivered.stream().map(WebhookReceiver.Delivery::id).toList()));
        List<JsonNode> updated = readAll(key, "contact.updated", 50);
        assertEquals(1, updated.size());
        assertEquals(contactId, updated.get(0).path("data").path("id").asText());
        // oldest first: the created contact comes before its update in the unfiltered feed
        List<String> order = events(key, "?limit=200").path("data.id");
        assertEquals(updated.get(0).path("id").asText(), order.get(order.size() - 1));

        String anId = delivered.get(0).id();
        Gateway.withKey(key).get("/api/v1/events/" + anId).then().statusCode(200).body("data.id", equalTo(anId))
                .body("data.type", equalTo("contact.created")).body("data.timestamp", notNullValue());

        // another organization: the ids are unknown, its feed is its own (empty), a's cursor shows it nothing
        String other = Gateway.createKey(Gateway.createOrg("pro"), List.of("contacts", "campaigns")).get("key");
        Gateway.withKey(other).get("/api/v1/events/" + anId).then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        assertEquals(List.of(), events(other, "").path("data"));
        String cursor = events(key, "?limit=1").path("meta.next_cursor");
        assertEquals(List.of(), events(other, "?after=" + cursor).path("data"));
        Gateway.withKey(other).body(Map.of("since", before.toString())).post("/api/v1/webhooks/" + webhook + "/replay")
                .then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));

        // a replay: the same ids again, signed, marked with the replay's id in the delivery log
        String replayId = Gateway.withKey(key).body(Map.of("since", before.toString()))
                .post("/api/v1/webhooks/" + webhook + "/replay").then().statusCode(202)
                .body("data.events", equalTo(8)).extract().path("data.replay_id");
        List<WebhookReceiver.Delivery> all = awaitReceived("/feed", 16);
        Set<String> again = new HashSet<>(all.subList(8, all.size()).stream().map(WebhookReceiver.Delivery::id).toList());
        assertEquals(byId.keySet(), again);
        await().atMost(Duration.ofSeconds(30)).until(() -> Gateway.withKey(key)
                .get("/api/v1/webhooks/" + webhook + "/deliveries?limit=100").then().statusCode(200).extract()
                .<List<String>>path("data.replay_id").stream().filter(replayId::equals).count() == 8);
    }

    @Test
    void scopesAndBadParametersAnswerEnvelopes() {
        String org = Gateway.createOrg("pro");
        String key = Gateway.createKey(org, List.of("contacts", "campaigns")).get("key");
        String contactsOnly = Gateway.createKey(org, List.of("contacts")).get("key");
        Gateway.withKey(contactsOnly).get("/api/v1/events").then().statusCode(403)
                .body("error.code", equalTo("SCOPE_DENIED"));
        Gateway.anonymous().get("/api/v1/events").then().statusCode(401);
        for (String bad : new String[] {"?limit=0", "?limit=201", "?limit=x", "?after=garbage", "?after=';--",
                "?types=contact.nope", "?types=apikey.created", "?types=" + "contact.created,".repeat(20)}) {
            Gateway.withKey(key).get("/api/v1/events" + bad).then().statusCode(422)
                    .body("error.code", equalTo("VALIDATION_ERROR")).body("error.fields[0].field", notNullValue());
        }
        Gateway.withKey(key).get("/api/v1/events/evt_doesnotexist").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        Gateway.withKey(key).get("/api/v1/events/" + "é".repeat(300)).then().statusCode(404);
        String webhook = Gateway.withKey(key).body(Map.of("url", url("/bad"), "events", List.of("contact.created")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("data.id");
        for (String bad : new String[] {"{}", "{\"since\":null}", "{\"since\":\"last week\"}", "{\"since\":[1]}", "[",
                "{\"since\":\"+100000-01-01T00:00:00Z\"}"}) {
            int status = Gateway.withKey(key).body(bad).post("/api/v1/webhooks/" + webhook + "/replay").then()
                    .extract().statusCode();
            assertTrue(status == 422 || status == 400, bad + " → " + status);
        }
        assertTrue(receiver.at("/bad").isEmpty(), "nothing was replayed");
    }
}
