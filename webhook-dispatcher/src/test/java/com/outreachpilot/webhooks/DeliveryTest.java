package com.outreachpilot.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.webhooks.domain.Secrets;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static com.outreachpilot.webhooks.WebhooksApiTest.as;
import static com.outreachpilot.webhooks.WebhooksApiTest.newOrg;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class DeliveryTest {

    static Receiver receiver;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        receiver = new Receiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    static String[] subscribe(String org, String path, String events) {
        var created = as(org).body("{\"url\":\"" + receiver.url(path) + "\",\"events\":" + events + "}").post("/api/v1/webhooks")
                .then().statusCode(201).extract();
        return new String[]{created.path("data.id"), created.path("data.secret")};
    }

    /** Standard Webhooks verification written from the specification, independently of the dispatcher's code. */
    static boolean verifies(String secret, Receiver.Hit hit) throws Exception {
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        String signed = hit.headers().get("webhook-id") + "." + hit.headers().get("webhook-timestamp") + "." + hit.body();
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
        return List.of(hit.headers().get("webhook-signature").split(" ")).contains(expected);
    }

    @Test
    void signsLikeTheStandardWebhooksTestVector() {
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", Secrets.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, "{\"test\": 2432232314}"));
    }

    @Test
    void deliversSignedEventsOfTheSubscribedTypesOnly() throws Exception {
        String org = newOrg();
        String[] sub = subscribe(org, "/signed", "[\"contact.created\",\"email.opened\"]");
        // contact.deleted goes first, on the same partition as contact.created: once contact.created is
        // delivered, contact.deleted was read, and the log shows whether it made a delivery
        Events.publish(EventType.CONTACT_DELETED, org, Map.of("id", "c1"));
        DomainEvent created = Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "c1", "email", "a@b.io"));
        DomainEvent opened = Events.publish(EventType.EMAIL_OPENED, org, Map.of("contact_id", "c1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("succeeded", "succeeded").equals(
                as(org).get("/api/v1/webhooks/" + sub[0] + "/deliveries").then().extract().path("data.status")));
        List<Receiver.Hit> hits = receiver.hits("/signed");
        assertEquals(2, hits.size(), "contact.deleted was not subscribed");
        Receiver.Hit first = hits.stream().filter(h -> h.headers().get("webhook-id").equals(created.id())).findFirst().orElseThrow();
        assertTrue(verifies(sub[1], first));
        long timestamp = Long.parseLong(first.headers().get("webhook-timestamp"));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - timestamp) < 60);
        assertTrue(first.headers().get("user-agent").startsWith("OutreachPilot-Webhooks/"));
        assertEquals("application/json", first.headers().get("content-type"));
        JsonNode body = JSON.readTree(first.body());
        assertEquals(created.id(), body.path("id").asText());
        assertEquals("contact.created", body.path("type").asText());
        assertEquals(created.occurredAt().toString(), body.path("timestamp").asText());
        assertEquals("a@b.io", body.path("data").path("email").asText());
        assertTrue(hits.stream().anyMatch(h -> h.headers().get("webhook-id").equals(opened.id())));
        as(org).get("/api/v1/webhooks/" + sub[0] + "/deliveries").then().statusCode(200)
                .body("data", hasSize(2)).body("meta.total", equalTo(2))
                .body("data.status", equalTo(List.of("succeeded", "succeeded")))
                .body("data[0].response_status", equalTo(200))
                .body("data[0].attempts", equalTo(1));
    }

    @Test
    void anOrganizationNeverReceivesAnotherOrganizationsEvents() {
        String a = newOrg();
        String b = newOrg();
        subscribe(a, "/org-a", "[\"contact.created\"]");
        subscribe(b, "/org-b", "[\"contact.created\"]");
        DomainEvent forB = Events.publish(EventType.CONTACT_CREATED, b, Map.of("id", "x"));
        receiver.await("/org-b", h -> h.size() == 1, Duration.ofSeconds(30));
        assertEquals(forB.id(), receiver.hits("/org-b").get(0).headers().get("webhook-id"));
        assertEquals(0, receiver.hits("/org-a").size());
    }

    @Test
    void aReplayedEventIsDeliveredOnce() {
        String org = newOrg();
        String id = subscribe(org, "/replay", "[\"contact.updated\"]")[0];
        DomainEvent event = Events.publish(EventType.CONTACT_UPDATED, org, Map.of("id", "r"));
        Events.publish(event);
        Events.publish(event);
        // one partition per organization: once the next event is delivered, the replays were read
        DomainEvent next = Events.publish(EventType.CONTACT_UPDATED, org, Map.of("id", "next"));
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("succeeded", "succeeded").equals(
                as(org).get("/api/v1/webhooks/" + id + "/deliveries").then().extract().path("data.status")));
        assertEquals(Stream.of(event.id(), next.id()).sorted().toList(),
                receiver.hits("/replay").stream().map(h -> h.headers().get("webhook-id")).sorted().toList());
    }

    @Test
    void failuresAreRetriedOnTheScheduleUntilTheyGetThrough() {
        String org = newOrg();
        String[] sub = subscribe(org, "/flaky", "[\"contact.created\"]");
        receiver.answer("/flaky", 500, 503, 200);
        Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "f"));
        List<Receiver.Hit> hits = receiver.await("/flaky", h -> h.size() >= 3, Duration.ofSeconds(30));
        assertEquals(3, hits.size());
        // the test schedule waits 1 s before each retry
        assertTrue(Duration.between(hits.get(0).at(), hits.get(1).at()).toMillis() >= 900);
        assertEquals(hits.get(0).headers().get("webhook-id"), hits.get(2).headers().get("webhook-id"));
        awaitDelivery(org, sub[0], "succeeded");
        as(org).get("/api/v1/webhooks/" + sub[0] + "/deliveries").then()
                .body("data[0].attempts", equalTo(3)).body("data[0].response_status", equalTo(200));
    }

    @Test
    void aDeadEndpointGetsEverythingOnceItComesBack() throws Exception {
        String org = newOrg();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        String id = as(org).body("{\"url\":\"http://127.0.0.2:" + port + "/back\",\"events\":[\"contact.created\"]}")
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("data.id");
        for (int i = 0; i < 3; i++) {
            Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "d" + i));
        }
        awaitAttempts(org, id, 2); // refused connections, retried
        try (Receiver late = new Receiver(port)) {
            late.await("/back", h -> h.size() >= 3, Duration.ofSeconds(30));
        }
    }

    @Test
    void goneDisablesTheSubscriptionAndSaysSo() {
        String org = newOrg();
        String[] gone = subscribe(org, "/gone", "[\"contact.created\"]");
        subscribe(org, "/watcher", "[\"webhook.disabled\"]");
        receiver.answer("/gone", 410);
        try (EventTap tap = new EventTap("webhooks.events")) {
            Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "g"));
            tap.await(e -> org.equals(e.orgId()) && e.type().equals("webhook.disabled"), Duration.ofSeconds(30));
        }
        as(org).get("/api/v1/webhooks/" + gone[0]).then().body("data.enabled", equalTo(false))
                .body("data.disabled_reason", equalTo("The endpoint answered 410 Gone"));
        List<Receiver.Hit> told = receiver.await("/watcher", h -> h.size() == 1, Duration.ofSeconds(30));
        assertTrue(told.get(0).body().contains(gone[0]));
        Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "after"));
        as(org).get("/api/v1/webhooks/" + gone[0] + "/deliveries").then().body("data[0].status", equalTo("failed"));
        // a disabled webhook's delivery is not queued again by hand
        String failed = awaitDelivery(org, gone[0], "failed");
        as(org).post("/api/v1/webhooks/deliveries/" + failed + "/retry").then().statusCode(422)
                .body("error.code", equalTo("VALIDATION_ERROR"));
        as(org).get("/api/v1/webhooks/" + gone[0] + "/deliveries").then().body("data[0].status", equalTo("failed"));
    }

    @Inject
    Pool pool;

    @Test
    void anEndpointFailingForTooLongIsDisabled() {
        String org = newOrg();
        String[] sub = subscribe(org, "/failing", "[\"contact.created\"]");
        receiver.answer("/failing", 500);
        // its failing streak began six days ago (the limit is five)
        pool.preparedQuery("update subscription set failing_since = now() - interval '6 days' where id = $1")
                .execute(Tuple.of(UUID.fromString(sub[0]))).await().atMost(Duration.ofSeconds(10));
        try (EventTap tap = new EventTap("webhooks.events")) {
            Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "long"));
            tap.await(e -> org.equals(e.orgId()) && e.type().equals("webhook.disabled"), Duration.ofSeconds(30));
        }
        as(org).get("/api/v1/webhooks/" + sub[0]).then().body("data.enabled", equalTo(false))
                .body("data.disabled_reason", startsWith("Every attempt failed since"));
        // enabling it again starts over
        as(org).body("{\"enabled\":true}").put("/api/v1/webhooks/" + sub[0]).then().statusCode(200)
                .body("data.enabled", equalTo(true)).body("data.disabled_reason", nullValue());
    }

    @Test
    void aSlowEndpointDoesNotDelayOthers() {
        String org = newOrg();
        subscribe(org, "/slow", "[\"contact.created\"]");
        subscribe(org, "/fast", "[\"contact.created\"]");
        receiver.delay("/slow", Duration.ofMillis(2_500));
        Instant start = Instant.now();
        for (int i = 0; i < 6; i++) {
            Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "s" + i));
        }
        List<Receiver.Hit> fast = receiver.await("/fast", h -> h.size() == 6, Duration.ofSeconds(30));
        // six deliveries to the slow endpoint take 7.5 s at two at a time; the fast one is not behind them
        assertTrue(Duration.between(start, fast.get(5).at()).toMillis() < 2_500,
                "fast endpoint finished after " + Duration.between(start, fast.get(5).at()).toMillis() + " ms");
    }

    @jakarta.inject.Inject
    io.micrometer.core.instrument.MeterRegistry metrics;

    @Test
    void aBacklogForOneEndpointIsDeliveredOnceEachAndClaimedInBatches() throws InterruptedException {
        String org = newOrg();
        String subscription = subscribe(org, "/backlog", "[\"contact.created\"]")[0];
        // 50 ms an answer at two at a time: the events arrive faster than they go, so a backlog builds up
        receiver.delay("/backlog", Duration.ofMillis(50));
        int events = 120;
        for (int i = 0; i < events; i++) {
            Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "b" + i));
        }
        // once every event is stored as a delivery, count the claims that drain the rest
        await().atMost(Duration.ofSeconds(30)).until(() -> as(org).get("/api/v1/webhooks/" + subscription
                + "/deliveries?limit=1").then().extract().<Integer>path("meta.total") == events);
        double claimsBefore = metrics.counter("webhooks.delivery.claims").count();
        int deliveredBefore = receiver.hits("/backlog").size();
        receiver.await("/backlog", h -> h.size() >= events, Duration.ofSeconds(60));
        double claims = metrics.counter("webhooks.delivery.claims").count() - claimsBefore;
        Thread.sleep(500); // a duplicate would come right behind the last of them
        List<Receiver.Hit> all = receiver.hits("/backlog");
        assertEquals(events, all.size(), "every event once, none twice");
        assertEquals(events, all.stream().map(h -> h.headers().get("webhook-id")).distinct().count());
        // two attempts at a time to this endpoint, up to eight held, four more per claim: not a claim per delivery
        int drained = events - deliveredBefore;
        assertTrue(drained >= 40, "the backlog was drained in the measured part: " + drained);
        assertTrue(claims < drained / 2.0, claims + " claims for the last " + drained + " deliveries");
    }

    @Test
    void testEventsRotationAndManualRetry() throws Exception {
        String org = newOrg();
        String[] sub = subscribe(org, "/manual", "[\"contact.created\"]");
        as(org).post("/api/v1/webhooks/" + sub[0] + "/test").then().statusCode(202).body("data.delivery_id", notNullValue());
        Receiver.Hit test = receiver.await("/manual", h -> h.size() == 1, Duration.ofSeconds(30)).get(0);
        assertEquals("webhook.test", JSON.readTree(test.body()).path("type").asText());
        assertTrue(verifies(sub[1], test));

        String rotated = as(org).post("/api/v1/webhooks/" + sub[0] + "/rotate-secret").then().statusCode(200)
                .extract().path("data.secret");
        receiver.answer("/manual", 500);
        as(org).post("/api/v1/webhooks/" + sub[0] + "/test").then().statusCode(202);
        List<Receiver.Hit> hits = receiver.await("/manual", h -> h.size() >= 5, Duration.ofSeconds(30)); // 1 + 4 attempts
        Receiver.Hit signedTwice = hits.get(1);
        assertTrue(verifies(rotated, signedTwice) && verifies(sub[1], signedTwice), "both secrets sign during the grace period");
        String failed = awaitDelivery(org, sub[0], "failed");
        receiver.answer("/manual", 200);
        as(org).post("/api/v1/webhooks/deliveries/" + failed + "/retry").then().statusCode(202).body("data.status", equalTo("pending"));
        awaitDelivery(org, sub[0], "succeeded");
    }

    /** Waits until the newest delivery of the subscription has this status; returns its id. */
    static String awaitDelivery(String org, String webhookId, String status) {
        await().alias("a delivery " + status).atMost(Duration.ofSeconds(30)).until(() -> status.equals(
                as(org).get("/api/v1/webhooks/" + webhookId + "/deliveries?limit=1").then().extract().path("data[0].status")));
        return as(org).get("/api/v1/webhooks/" + webhookId + "/deliveries?limit=1").then().extract().path("data[0].id");
    }

    static void awaitAttempts(String org, String webhookId, int attempts) {
        await().alias(attempts + " attempts").atMost(Duration.ofSeconds(30)).until(() -> {
            Integer made = as(org).get("/api/v1/webhooks/" + webhookId + "/deliveries?limit=1").then().extract()
                    .path("data[0].attempts");
            return made != null && made >= attempts;
        });
    }

    @Test
    void aFailedAttemptSaysWhatHappenedInPlainWords() throws Exception {
        String org = newOrg();
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String id = as(org).body("{\"url\":\"http://127.0.0.2:" + closed + "/hook\",\"events\":[\"contact.created\"]}")
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("data.id");
        Events.publish(EventType.CONTACT_CREATED, org, Map.of("id", "c9"));
        await().atMost(Duration.ofSeconds(30)).until(() -> "connection refused".equals(
                as(org).get("/api/v1/webhooks/" + id + "/deliveries").then().extract().path("data[0].error")));
        // whose last attempt failed: found by ?status=failing whether it waits for a retry or gave up
        as(org).get("/api/v1/webhooks/" + id + "/deliveries?status=failing").then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].error", equalTo("connection refused"));
        as(org).get("/api/v1/webhooks/" + id + "/deliveries?status=succeeded").then().body("data", hasSize(0));
        as(org).get("/api/v1/webhooks/" + id + "/deliveries?status=broken").then().statusCode(422);
    }
}
