package com.outreachpilot.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.platform.testing.TestInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The infrastructure under the suite fails while clients keep working: the Kafka broker is stopped for 30 s, and
 * PostgreSQL is restarted under load. Everything is driven through the gateway; the services are never restarted.
 */
class InfrastructureFaultsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EVENTS = List.of("contact.created", "email.sent", "chat.message.completed");
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        Stack.start();
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    /**
     * Contacts are imported, a campaign sends and chat answers while the broker is gone: every write succeeds (the
     * outbox is the buffer), and once the broker is back every event reaches the subscriber exactly once and every
     * recipient has exactly one email.
     */
    @Test
    void aKafkaOutageOfThirtySecondsLosesNothingAndSendsNothingTwice() {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        String path = "/kafka-outage-" + UUID.randomUUID();
        Gateway.withKey(key).body(Map.of("url", receiver.url(path), "events", EVENTS))
                .post("/api/v1/webhooks").then().statusCode(201);
        String campaign = Gateway.activeTwoStepCampaign(key, "Outage");
        String run = UUID.randomUUID().toString().substring(0, 8);
        // the subscription is live before the outage: one event goes through end to end
        createContacts(key, List.of("before-" + run + "@kafka-e2e.io"));
        receiver.await(path, 1, Duration.ofSeconds(30));
        String marker = "kafka-outage-" + run;
        FakeModel.always(marker, FakeModel.says("Noted."));

        List<String> imported = new ArrayList<>();
        List<String> triggered = new ArrayList<>();
        int chats = 0;
        long began = System.nanoTime();
        TestInfrastructure.kafkaDown();
        try {
            for (int round = 0; Duration.ofNanos(System.nanoTime() - began).compareTo(Duration.ofSeconds(30)) < 0; round++) {
                List<String> batch = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    batch.add("i" + round + "-" + i + "-" + run + "@kafka-e2e.io");
                }
                createContacts(key, batch);
                imported.addAll(batch);
                for (int i = 0; i < 2; i++) {
                    String email = "t" + round + "-" + i + "-" + run + "@kafka-e2e.io";
                    Gateway.withKey(key).body(Map.of("email", email, "first_name", "Kay"))
                            .post("/api/v1/campaigns/" + campaign + "/trigger")
                            .then().statusCode(200).time(lessThan(ANSWER_WITHIN.toMillis()));
                    triggered.add(email);
                }
                Gateway.withKey(key).body(Map.of("message", marker + " round " + round)).post("/api/v1/chat")
                        .then().statusCode(200).time(lessThan(ANSWER_WITHIN.toMillis()));
                chats++;
                Stack.sleep(Duration.ofSeconds(2));
            }
        } finally {
            TestInfrastructure.kafkaUp();
        }
        System.out.printf("Kafka stopped for %d s: %d contacts imported, %d triggered, %d chat messages meanwhile%n",
                Duration.ofNanos(System.nanoTime() - began).toSeconds(), imported.size(), triggered.size(), chats);

        int contactEvents = 1 + imported.size() + triggered.size();
        int expected = contactEvents + triggered.size() + chats;
        await().alias("every event of the outage at the subscriber").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500)).until(() -> receiver.at(path).size() >= expected);
        Stack.sleep(Duration.ofSeconds(3));
        List<WebhookReceiver.Delivery> deliveries = receiver.at(path);
        Map<String, List<JsonNode>> byType = deliveries.stream().map(InfrastructureFaultsTest::json)
                .collect(Collectors.groupingBy(event -> event.path("type").asText()));
        Set<String> created = new HashSet<>();
        byType.getOrDefault("contact.created", List.of()).forEach(event -> created.add(event.path("data").path("email").asText()));
        Set<String> everyContact = new HashSet<>(imported);
        everyContact.addAll(triggered);
        everyContact.add("before-" + run + "@kafka-e2e.io");
        assertEquals(everyContact, created, "a contact.created for every contact");
        assertEquals(contactEvents, byType.get("contact.created").size(), "each contact.created once");
        assertEquals(triggered.size(), byType.getOrDefault("email.sent", List.of()).size(), "each email.sent once");
        assertEquals(chats, byType.getOrDefault("chat.message.completed", List.of()).size(), "each chat event once");
        assertEquals(deliveries.size(), deliveries.stream().map(WebhookReceiver.Delivery::id).distinct().count(),
                "no event delivered twice");
        Map<String, Long> mails = Stack.mailedTo(run).stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertEquals(triggered.size(), mails.size(), "every triggered contact got its email");
        assertTrue(mails.values().stream().allMatch(n -> n == 1), "no email sent twice: " + mails);
    }

    /**
     * PostgreSQL stops under load and comes back: meanwhile every answer is a 2xx or a 503 envelope, within seconds
     * (nothing hangs, nothing is a 500); afterwards every service answers and publishes again on its own.
     */
    @Test
    void aPostgresRestartUnderLoadIsAnswered503MeanwhileAndEveryServiceRecoversOnItsOwn() throws Exception {
        String org = Gateway.createOrg("pro");
        String key = Gateway.createKey(org, List.of("*")).get("key");
        // one key per load worker keeps each under the plan's rate limit
        List<String> workerKeys = List.of(Gateway.createKey(org, List.of("*")).get("key"),
                Gateway.createKey(org, List.of("*")).get("key"), Gateway.createKey(org, List.of("*")).get("key"),
                Gateway.createKey(org, List.of("*")).get("key"));
        String path = "/postgres-restart-" + UUID.randomUUID();
        Gateway.withKey(key).body(Map.of("url", receiver.url(path), "events", List.of("contact.created")))
                .post("/api/v1/webhooks").then().statusCode(201);
        List<String> reads = List.of("/api/v1/contacts", "/api/v1/companies", "/api/v1/campaigns", "/api/v1/credits",
                "/api/v1/webhooks", "/api/v1/chat/threads");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        record Answer(String route, int status, String code, long millis, String requestId) {
        }
        List<Answer> answers = new CopyOnWriteArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int worker = 0; worker < 4; worker++) {
            int w = worker;
            load.submit(() -> {
                for (int n = 0; running.get(); n++) {
                    String route = n % 3 == 2 ? "POST /api/v1/contacts" : "GET " + reads.get((w + n) % reads.size());
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + route.substring(route.indexOf(' ') + 1)))
                            .header("Authorization", "Bearer " + workerKeys.get(w)).timeout(Duration.ofSeconds(60));
                    if (route.startsWith("POST")) {
                        request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"email\":\"pg-" + UUID.randomUUID() + "@restart-e2e.io\"}"));
                    }
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        answers.add(new Answer(route, response.statusCode(), code(response.body()),
                                (System.nanoTime() - start) / 1_000_000, requestId(response.body())));
                    } catch (Exception e) {
                        answers.add(new Answer(route, -1, e.toString(), (System.nanoTime() - start) / 1_000_000, ""));
                    }
                    Stack.sleep(Duration.ofMillis(50));
                }
                return null;
            });
        }
        Stack.sleep(Duration.ofSeconds(2));
        int beforeOutage = answers.size();
        TestInfrastructure.postgresDown();
        try {
            Stack.sleep(Duration.ofSeconds(8));
        } finally {
            TestInfrastructure.postgresUp();
        }
        int outageEnd = answers.size();
        // every route answers again without any service being restarted
        Map<String, String> last = new java.util.TreeMap<>();
        try {
            await().alias("every route answers after the restart").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(() -> {
                        for (String route : reads) {
                            var response = Gateway.withKey(key).get(route);
                            last.put(route, response.statusCode() + " " + code(response.asString()));
                        }
                        return last.values().stream().allMatch(answer -> answer.startsWith("200"));
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Map<String, Integer> seen = new HashMap<>();
            answers.forEach(a -> seen.merge(a.route() + " " + a.status() + " " + a.code(), 1, Integer::sum));
            throw new AssertionError("Not every route recovered: " + last + "; answers under load: " + seen, e);
        }
        Stack.sleep(Duration.ofSeconds(1));
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(90, TimeUnit.SECONDS));

        Map<String, Integer> outcomes = new HashMap<>();
        answers.forEach(a -> outcomes.merge(a.status() + " " + a.code(), 1, Integer::sum));
        System.out.println("PostgreSQL restarted under load: " + outcomes);
        List<Answer> wrong = answers.stream().filter(a -> !(a.status() / 100 == 2
                || a.status() == 503 && a.code().equals("SERVICE_UNAVAILABLE"))).toList();
        // what the services logged for the first few wrong answers goes into the failure, so the build shows the cause
        assertEquals(List.of(), wrong, () -> "only 2xx answers and 503 SERVICE_UNAVAILABLE envelopes; logged for them:"
                + wrong.stream().limit(4).filter(a -> !a.requestId().isEmpty())
                .map(a -> Stack.logsMentioning(a.requestId())).reduce("", String::concat));
        List<Answer> slow = answers.stream().filter(a -> a.millis() > ANSWER_WITHIN.toMillis()).toList();
        assertEquals(List.of(), slow, "no request waits more than " + ANSWER_WITHIN.toSeconds() + " s");
        assertTrue(answers.subList(beforeOutage, outageEnd).stream().anyMatch(a -> a.status() == 503),
                "the outage was seen by clients");
        assertTrue(answers.subList(0, beforeOutage).stream().allMatch(a -> a.status() / 100 == 2), "load was fine before");

        // writes and their events flow again: a new contact reaches the subscriber
        String email = "after-" + UUID.randomUUID() + "@restart-e2e.io";
        createContacts(key, List.of(email));
        await().alias("contact.created after the restart").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> receiver.at(path).stream().anyMatch(d -> d.body().contains(email)));
    }

    private static void createContacts(String key, List<String> emails) {
        Object body = emails.size() == 1 ? Map.of("email", emails.get(0))
                : Map.of("contacts", emails.stream().map(e -> Map.of("email", e)).toList());
        Gateway.withKey(key).body(body).post("/api/v1/contacts")
                .then().statusCode(201).time(lessThan(ANSWER_WITHIN.toMillis()));
    }

    private static JsonNode json(WebhookReceiver.Delivery delivery) {
        try {
            return JSON.readTree(delivery.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String requestId(String body) {
        try {
            return JSON.readTree(body).path("meta").path("request_id").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static String code(String body) {
        try {
            return JSON.readTree(body).path("error").path("code").asText("");
        } catch (IOException e) {
            return "not JSON: " + body.substring(0, Math.min(body.length(), 80));
        }
    }
}
