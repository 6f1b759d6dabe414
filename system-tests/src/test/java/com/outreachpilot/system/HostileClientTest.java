package com.outreachpilot.system;

import com.outreachpilot.platform.testing.EventTap;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile client: what probing the running suite as an attacker found, replayed against it through the
 * gateway in one place. Each request gets a clear answer in the envelope (never a hang, a 5xx or a leaked
 * connection), and one bad request never stops what others do. The slow-body (408), write-before-read (413)
 * and chunked cut-off cases are in {@link GatewayBehaviourTest}.
 */
class HostileClientTest {

    @org.junit.jupiter.api.BeforeAll
    static void stack() {
        Stack.start();
    }

    private static String key() {
        return Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
    }

    /** CR/LF in a header value, a colon in a name: answered at once and no service connection kept, 200 times. */
    @Test
    void invalidHttp2HeadersAreRefusedAndLeakNoServiceConnection() throws Exception {
        String key = key();
        List<Map<String, String>> bad = List.of(
                Map.of("x-note", "a\r\nInjected: yes"),
                Map.of("x-note", "line\nbreak"),
                Map.of("x:odd", "colon in the name"),
                Map.of("x-note", "nul\u0000inside"));
        // more than the gateway's pool of connections to a service (128): a leak would exhaust it
        int answered = 0;
        int refused = 0;
        RawH2c h2 = new RawH2c(Stack.port("gateway"));
        try {
            for (int i = 0; i < 200; i++) {
                if (h2.goneAway()) {
                    h2.close();
                    h2 = new RawH2c(Stack.port("gateway"));
                }
                String path = i % 2 == 0 ? "/t/o/hostile" + i : "/api/v1/credits";
                RawH2c.Answer answer = h2.exchange("GET", path, Map.of("authorization", "Bearer " + key,
                        bad.get(i % bad.size()).keySet().iterator().next(), bad.get(i % bad.size()).values().iterator().next()), null);
                assertTrue(answer.answered(), "request " + i + " was never answered");
                assertTrue(answer.status() == 0 || answer.status() == 400, "request " + i + ": " + answer);
                if (answer.status() == 400) {
                    assertTrue(answer.body().contains("\"code\":\"BAD_REQUEST\""), answer.body());
                    refused++;
                }
                answered++;
            }
        } finally {
            h2.close();
        }
        assertEquals(200, answered);
        // the gateway's own refusal (not only the HTTP/2 layer's resets) for the values HTTP/2 lets through
        assertTrue(refused >= 50, refused + " of 200 answered 400 BAD_REQUEST");
        // both services behind those routes still answer, over HTTP/2 and HTTP/1.1
        try (RawH2c fresh = new RawH2c(Stack.port("gateway"))) {
            RawH2c.Answer ok = fresh.exchange("GET", "/api/v1/credits", Map.of("authorization", "Bearer " + key), null);
            assertEquals(200, ok.status(), ok.toString());
            assertTrue(ok.body().contains("\"credits_remaining\""), ok.body());
        }
        Gateway.withKey(key).get("/api/v1/credits").then().statusCode(200);
        Gateway.anonymous().get("/t/o/" + "A".repeat(40)).then().statusCode(404);
    }

    /**
     * An HTTP/2 stream that ended normally leaves its connection to the service in the pool: closing it (as the
     * proxy once did on every stream's close) made the next request on that connection fail with a 503.
     */
    @Test
    void finishedHttp2RequestsKeepTheirServiceConnectionsOpen() throws Exception {
        String key = key();
        String billing = "billing-service";
        // a few pooled gateway connections to the service, in use a moment ago
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> primed = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                primed.add(pool.submit(() -> Gateway.withKey(key).get("/api/v1/credits").statusCode()));
            }
            for (var status : primed) {
                assertEquals(200, status.get());
            }
        } finally {
            pool.shutdown();
        }
        int before = activeConnections(billing);
        try (RawH2c h2 = new RawH2c(Stack.port("gateway"))) {
            for (int i = 0; i < 20; i++) {
                RawH2c.Answer ok = h2.exchange("GET", "/api/v1/credits", Map.of("authorization", "Bearer " + key), null);
                assertEquals(200, ok.status(), ok.toString());
            }
        }
        int after = activeConnections(billing);
        // one pooled connection may reach its keep-alive limit meanwhile; twenty closed would leave none
        assertTrue(before >= 1, before + " connections to " + billing + " after 16 requests");
        assertTrue(after >= before - 1, "connections to " + billing + ": " + before + " before twenty HTTP/2 requests, "
                + after + " after");
        for (int i = 0; i < 20; i++) {
            Gateway.withKey(key).get("/api/v1/credits").then().statusCode(200);
        }
    }

    private static int activeConnections(String service) {
        String metrics = RestAssured.given().baseUri(Stack.managementUrl(service)).get("/q/metrics")
                .then().statusCode(200).extract().asString();
        String series = "http_server_active_connections{server_port=\"" + Stack.port(service) + "\"} ";
        return metrics.lines().filter(line -> line.startsWith(series))
                .mapToInt(line -> (int) Double.parseDouble(line.substring(series.length()).trim()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + "in " + service + "'s metrics"));
    }

    /**
     * A stalled HTTP/2 body is 408 on its own stream, which is then reset; the connection's other streams are
     * answered meanwhile and after (closing the connection, as HTTP/1.1 must, would take them all down).
     */
    @Test
    void aStalledHttp2BodyIs408OnItsStreamAlone() throws Exception {
        String key = key();
        Map<String, String> auth = Map.of("authorization", "Bearer " + key);
        try (RawH2c h2 = new RawH2c(Stack.port("gateway"))) {
            long began = System.nanoTime();
            int stalled = h2.startStalled("POST", "/api/v1/contacts", Map.of("authorization", "Bearer " + key,
                    "content-type", "application/json"), "{\"email\":".getBytes(StandardCharsets.US_ASCII));
            RawH2c.Answer beside = h2.exchange("GET", "/api/v1/credits", auth, null);
            assertEquals(200, beside.status(), "a stream beside the stalled one: " + beside);
            RawH2c.Answer timedOut = h2.answerOf(stalled, Duration.ofSeconds(30));
            long seconds = (System.nanoTime() - began) / 1_000_000_000L;
            assertEquals(408, timedOut.status(), timedOut.toString());
            assertTrue(timedOut.body().contains("\"code\":\"REQUEST_TIMEOUT\""), timedOut.body());
            assertTrue(seconds < 25, "answered after " + seconds + " s");
            RawH2c.Answer after = h2.exchange("GET", "/api/v1/credits", auth, null);
            assertTrue(!h2.goneAway(), "the 408 took the connection down: " + after);
            assertEquals(200, after.status(), after.toString());
        }
    }

    /**
     * Streams cancelled as soon as they are opened (below the rapid-reset limit) are dropped quietly: no request
     * reaches a service for them, nothing is logged as an uncaught failure, and the next request is answered.
     */
    @Test
    void http2StreamsCancelledAtOnceAreDroppedQuietly() throws Exception {
        String key = key();
        Map<String, String> auth = Map.of("authorization", "Bearer " + key);
        try (RawH2c h2 = new RawH2c(Stack.port("gateway"))) {
            for (int i = 0; i < 60; i++) {
                h2.openAndCancel("GET", "/api/v1/credits", auth);
            }
            RawH2c.Answer next = h2.exchange("GET", "/api/v1/credits", auth, null);
            assertEquals(200, next.status(), next.toString());
        }
        Stack.sleep(Duration.ofMillis(500));
        String traces = Stack.logsMentioning("Request has already been read");
        assertTrue(traces.isBlank(), "cancelled streams logged as failures:" + traces);
    }

    /** HTTP/2 headers get the bound HTTP/1.1 has: 15,000 bytes pass, 30,000 are 431 in the envelope, on a connection that goes on. */
    @Test
    void http2HeadersGetTheHttp1Limit() throws Exception {
        String key = key();
        try (RawH2c h2 = new RawH2c(Stack.port("gateway"))) {
            RawH2c.Answer passes = h2.exchange("GET", "/api/v1/credits",
                    Map.of("authorization", "Bearer " + key, "x-note", "n".repeat(15_000)), null);
            assertEquals(200, passes.status(), passes.toString());
            RawH2c.Answer refused = h2.exchange("GET", "/api/v1/credits",
                    Map.of("authorization", "Bearer " + key, "x-note", "n".repeat(30_000)), null);
            assertEquals(431, refused.status(), refused.toString());
            assertTrue(refused.body().contains("\"code\":\"HEADERS_TOO_LARGE\""), refused.body());
            RawH2c.Answer after = h2.exchange("GET", "/api/v1/credits", Map.of("authorization", "Bearer " + key), null);
            assertEquals(200, after.status(), after.toString());
        }
    }

    /** HTTP/2 gets the route's body limit too, and the 413 stream ends: the connection serves the next request. */
    @Test
    void anHttp2BodyPastTheRouteLimitIs413AndTheConnectionStaysUsable() throws Exception {
        String key = key();
        byte[] body = new byte[3 * 1024 * 1024]; // the credits route takes 1 MiB
        java.util.Arrays.fill(body, (byte) 'a');
        try (RawH2c h2 = new RawH2c(Stack.port("gateway"))) {
            RawH2c.Answer refused = h2.exchange("POST", "/api/v1/credits",
                    Map.of("authorization", "Bearer " + key, "content-type", "application/json"), body);
            assertEquals(413, refused.status(), refused.toString());
            assertTrue(refused.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), refused.body());
            // the refused stream ended; the connection goes on
            assertTrue(!h2.goneAway(), "the 413 took the connection down");
            RawH2c.Answer next = h2.exchange("GET", "/api/v1/credits", Map.of("authorization", "Bearer " + key), null);
            assertEquals(200, next.status(), next.toString());
        }
    }

    /** An over-size contact is refused before it is stored: it can never become an event that blocks the others. */
    @Test
    void anOverSizeContactIsRefusedAndEveryoneElsesEventsFlow() {
        String key = key();
        EventTap events = new EventTap("contacts.events");
        String huge = "x".repeat(2 * 1024 * 1024);
        Gateway.withKey(key).body(Map.of("email", "poison-" + UUID.randomUUID() + "@hostile.io", "context", Map.of("blob", huge)))
                .post("/api/v1/contacts").then().statusCode(422)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.fields.field", hasItem("context"));
        Gateway.withKey(key).body(Map.of("email", "long-" + UUID.randomUUID() + "@hostile.io", "first_name", "y".repeat(10_000)))
                .post("/api/v1/contacts").then().statusCode(422)
                .body("error.fields.field", hasItem("first_name"));
        Gateway.withKey(key).body(Map.of("email", "nul-" + UUID.randomUUID() + "@hostile.io", "last_name", "a\u0000b"))
                .post("/api/v1/contacts").then().statusCode(422)
                .body("error.fields.field", hasItem("last_name"));
        Gateway.withKey(key).queryParam("search", "a\u0000b").get("/api/v1/contacts").then().statusCode(422)
                .body("error.fields.field", hasItem("search"));
        // the next contacts go through and their events arrive
        for (int i = 0; i < 3; i++) {
            String email = "after-" + i + "-" + UUID.randomUUID() + "@hostile.io";
            Gateway.withKey(key).body(Map.of("email", email)).post("/api/v1/contacts").then().statusCode(201);
            events.await(e -> "contact.created".equals(e.type()) && email.equals(e.data().path("email").asText()),
                    Duration.ofSeconds(20));
        }
        events.close();
    }

    /** Every IPv6 form of a private or special address, and the documentation ranges, are refused as webhook URLs. */
    @Test
    void webhookUrlsThatReachInsideAreRefused() {
        String key = key();
        for (String url : List.of("http://[::169.254.169.254]/x", "http://[::ffff:169.254.169.254]/x",
                "http://[::10.0.0.1]/x", "http://[::ffff:10.0.0.1]/x", "http://[2002:a00:1::1]/x",
                "http://[64:ff9b::a9fe:a9fe]/x", "http://[64:ff9b:1::a00:1]/x", "http://[fd00::1]/x",
                "http://[fe80::1]/x", "http://192.0.2.1/x", "http://198.51.100.7/x", "http://203.0.113.9/x",
                "http://169.254.169.254/latest/meta-data", "http://10.0.0.1/x", "http://100.64.0.1/x")) {
            Gateway.withKey(key).body(Map.of("url", url, "events", List.of("contact.created"))).post("/api/v1/webhooks")
                    .then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.fields[0].field", equalTo("url"));
        }
        Gateway.withKey(key).get("/api/v1/webhooks").then().statusCode(200).body("data.webhooks.size()", equalTo(0));
    }

    /** Paths that normalize elsewhere, hidden slashes, two Host headers: 400, decided and forwarded on one path. */
    @Test
    void pathTricksAndDuplicateHostsAre400() throws Exception {
        for (String path : List.of("/t/../api/v1/contacts", "/api/v1/credits/../../admin/v1/orgs",
                "/api/v1/contacts/%2e%2e/companies", "/api/v1/contacts%2Fx", "/api//v1/contacts", "/t/%5C..%5Capi")) {
            String answer = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
            assertTrue(answer.contains("\"code\":\"BAD_REQUEST\""), path + ": " + answer);
        }
        String twice = raw("GET /api/v1/credits HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
        assertTrue(twice.startsWith("HTTP/1.1 400"), twice);
    }

    /** What only operators and services use is not reachable through the public port at all. */
    @Test
    void internalAndManagementPathsAreNotRoutable() {
        String key = key();
        for (String path : List.of("/internal/v1/contacts/find-or-create", "/internal/v1/api-keys/" + "0".repeat(64),
                "/q/metrics", "/q/health", "/q/openapi", "/api/v1/../internal/v1/credits/reservations")) {
            int status = Gateway.withKey(key).body("{}").post(path).then().extract().statusCode();
            assertTrue(status == 404 || status == 400 || status == 405, path + " answered " + status);
        }
        Gateway.withKey(key).get("/q/metrics").then().statusCode(404).body("error.code", equalTo("ROUTE_NOT_FOUND"));
    }

    /** {@code Expect: 100-continue} is answered at once rather than after a client's own one-second wait. */
    @Test
    void expectContinueIsAnsweredAtOnce() throws Exception {
        try (Socket socket = new Socket("localhost", Stack.port("gateway"))) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            long began = System.nanoTime();
            out.write(("POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] first = new byte[25];
            int read = socket.getInputStream().read(first);
            long millis = (System.nanoTime() - began) / 1_000_000;
            String line = new String(first, 0, Math.max(read, 0), StandardCharsets.US_ASCII);
            // the key is missing: the gateway may refuse at once (401) instead of inviting the body
            assertTrue(line.startsWith("HTTP/1.1 100") || line.startsWith("HTTP/1.1 401"), line);
            assertTrue(millis < 500, "answered after " + millis + " ms");
        }
    }

    /**
     * A request's head must arrive within 10 s: a first request whose headers stop, and a next one on a
     * keep-alive connection, are answered 408 in the envelope and their connections close (one byte at a time
     * would otherwise hold a connection for ever, each byte resetting the idle timeout).
     */
    @Test
    void headsThatStallAre408() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> first = pool.submit(() -> stalledHead(null));
            Future<String> next = pool.submit(() -> stalledHead("GET /api/v1/credits HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            for (Future<String> answer : List.of(first, next)) {
                String text = answer.get(40, java.util.concurrent.TimeUnit.SECONDS);
                assertTrue(text.startsWith("HTTP/1.1 408"), text);
                assertTrue(text.contains("\"code\":\"REQUEST_TIMEOUT\""), text);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends {@code before} (answered at once), then a head a header every second until an answer arrives. */
    private static String stalledHead(String before) throws Exception {
        try (Socket socket = new Socket("localhost", Stack.port("gateway"))) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            var in = socket.getInputStream();
            if (before != null) {
                out.write(before.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] buffer = new byte[8192];
                String answered = "";
                while (!answered.endsWith("}}")) { // the whole answer (the envelope ends the body), in one or more reads
                    int read = in.read(buffer);
                    assertTrue(read > 0, "no answer to the first request: " + answered);
                    answered += new String(buffer, 0, read, StandardCharsets.UTF_8);
                }
                Thread.sleep(3_000); // an idle keep-alive connection is left alone meanwhile
            }
            long began = System.nanoTime();
            out.write("GET /api/v1/credits HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (in.available() == 0 && System.nanoTime() - began < 25_000_000_000L) {
                out.write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread.sleep(1_000);
            }
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            long seconds = (System.nanoTime() - began) / 1_000_000_000L;
            assertTrue(seconds >= 9 && seconds <= 15, "answered after " + seconds + " s: " + answer);
            return answer;
        }
    }

    /**
     * What the HTTP codec itself refuses gets the envelope too: a request line or headers past the 64 KiB hard
     * bounds (414, 431), and a malformed chunk while the key is still being looked up (a key never used before).
     */
    @Test
    void requestsTheCodecRefusesGetTheEnvelope() throws Exception {
        String line = raw("GET /api/v1/contacts?search=" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(line.contains(" 414 ") && line.contains("\"code\":\"URI_TOO_LONG\""), line);
        String headers = raw("GET /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n");
        assertTrue(headers.startsWith("HTTP/1.1 431") && headers.contains("\"code\":\"HEADERS_TOO_LARGE\""), headers);
        String chunk = raw("POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key()
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n");
        assertTrue(chunk.startsWith("HTTP/1.1 400") && chunk.contains("\"code\":\"BAD_REQUEST\""), chunk);
    }

    /**
     * Callers that leave while the service is still answering give back their key's in-flight count: 70 of them
     * (the limit is 64 at once) and the key is still served afterwards.
     */
    @Test
    void callersLeavingMidRequestGiveBackTheirInFlightCount() throws Exception {
        FakeModel.start();
        String marker = "leave-" + UUID.randomUUID();
        FakeModel.always(marker, FakeModel.slowly(FakeModel.says("late"), 1_500));
        String key = key();
        String body = "{\"message\":\"" + marker + " hello\"}";
        List<Socket> left = new ArrayList<>();
        try {
            for (int i = 0; i < 70; i++) {
                Socket socket = new Socket("localhost", Stack.port("gateway"));
                socket.getOutputStream().write(("POST /api/v1/chat HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                        + key + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n"
                        + body).getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                left.add(socket);
            }
            Thread.sleep(500); // the requests are at the service, waiting on the model
        } finally {
            for (Socket socket : left) {
                socket.close();
            }
        }
        Thread.sleep(2_500); // the model's answers have come and gone
        Gateway.withKey(key).get("/api/v1/credits").then().statusCode(200);
    }

    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("localhost", Stack.port("gateway"))) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
