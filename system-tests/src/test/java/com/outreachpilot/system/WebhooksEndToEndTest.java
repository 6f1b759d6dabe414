package com.outreachpilot.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole slice: contacts imported through the gateway become outbox events, Kafka records, and signed
 * webhooks at a customer's endpoint; a dispatcher crashing mid-stream loses none of them.
 */
class WebhooksEndToEndTest {

    static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = WebhookReceiver.start(Duration.ofMillis(5)); // a realistic endpoint, so a crash lands mid-stream
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    static String url(String path) {
        return receiver.url(path);
    }

    /** The distinct deliveries at {@code path}: webhook-id, and whether the body is a contact.created. */
    static Set<String> distinct(String path) {
        return receiver.at(path).stream().map(d -> d.id() + " " + d.body().contains("contact.created"))
                .collect(Collectors.toSet());
    }

    static Set<String> awaitReceived(String path, int count, Duration timeout) {
        await().alias(path + " receives " + count).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> distinct(path).size() >= count);
        return distinct(path);
    }

    static String newKey() {
        String org = Gateway.createOrg("pro");
        return Gateway.createKey(org, List.of("contacts", "campaigns")).get("key");
    }

    static void importContacts(String key, String prefix, int count) {
        List<Map<String, String>> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add(Map.of("email", prefix + i + "@e2e.io"));
        }
        Gateway.withKey(key).body(Map.of("contacts", batch)).post("/api/v1/contacts").then().statusCode(201)
                .body("data.count", equalTo(count));
    }

    @Test
    void importedContactsArriveAsSignedWebhooks() throws Exception {
        String key = newKey();
        Gateway.withKey(key).body(Map.of("url", url("/e2e"), "events", List.of("contact.created")))
                .post("/api/v1/webhooks").then().statusCode(201);
        importContacts(key, "p", 20);
        Set<String> got = awaitReceived("/e2e", 20, Duration.ofSeconds(60));
        assertTrue(got.stream().allMatch(entry -> entry.startsWith("evt_") && entry.endsWith("true")), got.toString());
    }

    @Test
    void aDispatcherCrashingMidStreamLosesNothing() throws Exception {
        String key = newKey();
        Gateway.withKey(key).body(Map.of("url", url("/crash"), "events", List.of("contact.created")))
                .post("/api/v1/webhooks").then().statusCode(201);
        int total = 600;
        importContacts(key, "a", 300);
        // crash as soon as deliveries are flowing, while more events keep arriving
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> !distinct("/crash").isEmpty());
        Stack.crash("webhook-dispatcher");
        int before = distinct("/crash").size();
        importContacts(key, "b", 300);
        Stack.start("webhook-dispatcher");
        Set<String> got = awaitReceived("/crash", total, Duration.ofSeconds(120));
        assertEquals(total, got.size());
        assertTrue(before < total, "the crash happened before every delivery was made (" + before + ")");
    }
}
