package com.outreachpilot.system;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Revocation, plan changes, request ids, limits and failures, end to end. */
class GatewayBehaviourTest {

    static final long TWO_SECONDS = 2_000;

    /** Polls until the key is refused with {@code code}; returns how long that took. */
    static long millisUntilRefused(String key, String code) {
        long began = System.nanoTime();
        await().alias("key refused with " + code).atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> code.equals(Gateway.withKey(key).get("/api/v1/credits").jsonPath().getString("error.code")));
        return (System.nanoTime() - began) / 1_000_000;
    }

    @Test
    void aMethodAnEndpointDoesNotTakeIs405NamingTheMethodsItDoes() {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        Gateway.withKey(key).delete("/api/v1/credits").then().statusCode(405)
                .header("Allow", containsString("GET"))
                .body("error.code", equalTo("METHOD_NOT_ALLOWED"));
        Gateway.withKey(key).body("{}").patch("/api/v1/contacts").then().statusCode(405)
                .header("Allow", org.hamcrest.Matchers.allOf(containsString("GET"), containsString("POST")))
                .body("error.code", equalTo("METHOD_NOT_ALLOWED"));
    }

    @Test
    void aMalformedIdIs404InThePathAnd422NamingTheFieldAsAValue() {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        for (String path : List.of("/api/v1/contacts/", "/api/v1/companies/", "/api/v1/folders/", "/api/v1/campaigns/",
                "/api/v1/campaigns/%s/status", "/api/v1/webhooks/", "/api/v1/webhooks/%s/deliveries",
                "/api/v1/chat/threads/")) {
            String url = path.contains("%s") ? path.formatted("not-an-id") : path + "not-an-id";
            Gateway.withKey(key).get(url).then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        }
        for (String parameter : List.of("folder_id", "account_id")) {
            Gateway.withKey(key).queryParam(parameter, "not-an-id").get("/api/v1/contacts").then().statusCode(422)
                    .body("error.code", equalTo("VALIDATION_ERROR")).body("error.fields[0].field", equalTo(parameter));
        }
        String contact = Gateway.withKey(key).body(Map.of("email", "ids." + System.nanoTime() + "@rule.io"))
                .post("/api/v1/contacts").then().statusCode(201).extract().path("data.contacts[0].id");
        Gateway.withKey(key).body(Map.of("folder_id", "not-an-id")).put("/api/v1/contacts/" + contact).then()
                .statusCode(422).body("error.fields[0].field", equalTo("folder_id"));
        Gateway.withKey(key).body(Map.of("message", "hello", "thread_id", "not-an-id")).post("/api/v1/chat").then()
                .statusCode(422).body("error.fields[0].field", equalTo("thread_id"));
    }

    @Test
    void revokedKeyIsRefusedWithinTwoSeconds() throws Exception {
        String org = Gateway.createOrg("pro");
        Map<String, String> key = Gateway.createKey(org, List.of("*"));
        Gateway.withKey(key.get("key")).get("/api/v1/credits").then().statusCode(200); // now cached by the gateway
        Gateway.admin().delete("/admin/v1/api-keys/" + key.get("id")).then().statusCode(200);
        long took = millisUntilRefused(key.get("key"), "INVALID_API_KEY");
        assertTrue(took <= TWO_SECONDS, "revocation took " + took + " ms");
    }

    @Test
    void planDowngradeAndDeletionTakeEffectWithinTwoSeconds() throws Exception {
        String org = Gateway.createOrg("scale");
        String key = Gateway.createKey(org, List.of("*")).get("key");
        Gateway.withKey(key).get("/api/v1/credits").then().statusCode(200);
        Gateway.admin().body(Map.of("plan", "starter")).put("/admin/v1/orgs/" + org).then().statusCode(200);
        assertTrue(millisUntilRefused(key, "PLAN_REQUIRED") <= TWO_SECONDS);
        Gateway.admin().delete("/admin/v1/orgs/" + org).then().statusCode(200);
        assertTrue(millisUntilRefused(key, "ORG_NOT_FOUND") <= TWO_SECONDS);
    }

    @Test
    void requestIdIsEchoedAndReachesTheService() {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("credits")).get("key");
        Gateway.withKey(key).header("X-Request-Id", "client-trace-000123").get("/api/v1/credits")
                .then().statusCode(200)
                .header("X-Request-Id", "client-trace-000123")
                .body("meta.request_id", equalTo("client-trace-000123"));
        String assigned = Gateway.withKey(key).get("/api/v1/credits").then().statusCode(200)
                .extract().header("X-Request-Id");
        assertTrue(assigned.matches("req_[a-z0-9]{24}"), assigned);
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() {
        // the stack runs the scale plan with a burst of 3 and one request per 10 s
        String key = Gateway.createKey(Gateway.createOrg("scale"), List.of("credits")).get("key");
        for (int i = 0; i < 3; i++) {
            Gateway.withKey(key).get("/api/v1/credits").then().statusCode(200)
                    .header("RateLimit-Policy", "\"per-key\";q=3;w=30");
        }
        Gateway.withKey(key).get("/api/v1/credits").then().statusCode(429)
                .body("error.code", equalTo("RATE_LIMITED"))
                .header("Retry-After", notNullValue())
                .header("RateLimit", containsString("r=0"));
    }

    @Test
    void serviceDownIsServiceUnavailableInTheEnvelope() throws Exception {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        Stack.kill("chat-service");
        try {
            Gateway.withKey(key).body(Map.of("message", "hello")).post("/api/v1/chat").then()
                    .statusCode(503)
                    .body("ok", equalTo(false))
                    .body("error.code", equalTo("SERVICE_UNAVAILABLE"))
                    .body("error.docs_url", equalTo("/docs#service_unavailable"));
        } finally {
            Stack.restart("chat-service");
        }
    }

    @Test
    void survivesClientsThatAbortMidRequest() throws Exception {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        int port = Stack.port("gateway");
        // 60 aborted + 20 checks stay inside the pro plan's burst of 100, however fast the gateway refuses
        for (int i = 0; i < 60; i++) {
            try (Socket socket = new Socket("localhost", port)) {
                OutputStream out = socket.getOutputStream();
                String head = "POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"email\":";
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } // closed with the body unfinished
        }
        for (int i = 0; i < 20; i++) {
            assertEquals(200, Gateway.withKey(key).get("/api/v1/credits").statusCode());
        }
    }

    @Test
    void chunkedBodiesAreCutOffAtTheRouteLimit() throws Exception {
        int port = Stack.port("gateway");
        String answer;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /admin/v1/orgs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + Stack.ADMIN_TOKEN
                    + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = ("10000\r\n" + "a".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            // 64 KiB at a time, far past the 1 MiB limit of non-bulk routes, until the gateway answers
            for (int i = 0; i < 64 && socket.getInputStream().available() == 0; i++) {
                try {
                    out.write(chunk);
                    out.flush();
                } catch (java.io.IOException closed) {
                    break;
                }
                Thread.sleep(10);
            }
            byte[] buffer = new byte[4096];
            int read = socket.getInputStream().read(buffer);
            answer = new String(buffer, 0, Math.max(read, 0), StandardCharsets.UTF_8);
        }
        assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
        assertTrue(answer.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer);
        Gateway.admin().get("/admin/v1/orgs").then().statusCode(200);
    }

    @Test
    void docsAreServedFromTheMergedDocuments() {
        Gateway.anonymous().get("/openapi.json").then().statusCode(200)
                .body("paths.'/api/v1/credits'.get", notNullValue())
                .body("paths.'/admin/v1/orgs'.post", notNullValue())
                // every operation documents the edge's answers with the error envelope
                .body("paths.'/api/v1/chat'.post.responses.'402'", notNullValue())
                .body("paths.'/api/v1/chat'.post.responses.'503'.content.'application/json'.schema.'$ref'",
                        org.hamcrest.Matchers.equalTo("#/components/schemas/ErrorEnvelope"))
                .body("paths.'/api/v1/contacts/{id}'.get.responses.'404'", notNullValue())
                .body("paths.'/api/v1/contacts'.post.responses.'429'.headers.'Retry-After'", notNullValue());
        // schemas name their properties as the wire does
        String document = Gateway.anonymous().get("/openapi.json").then().extract().asString();
        for (String camel : new String[] {"\"firstName\"", "\"createdAt\"", "\"accountId\"", "\"availableEvents\"",
                "\"creditsRemaining\"", "\"toolCalls\""}) {
            assertTrue(!document.contains(camel), camel + " in the OpenAPI document");
        }
        String html = Gateway.anonymous().get("/docs").then().statusCode(200).extract().asString();
        assertTrue(html.contains("/api/v1/credits") && html.contains("id=\"insufficient_credits\""));
    }

    /** A client that writes its whole body before reading (most SDKs) still gets the 413, not a reset. */
    @Test
    void aClientWritingAnOversizedBodyBeforeReadingGetsThe413() throws Exception {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        for (int bytes : new int[] {15 * 1024 * 1024, 2 * 1024 * 1024}) {
            String path = bytes > 10 * 1024 * 1024 ? "/api/v1/contacts" : "/api/v1/credits";
            try (Socket socket = new Socket("localhost", Stack.port("gateway"))) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                        + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) 'a');
                for (int written = 0; written < bytes; written += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, bytes - written)); // throws if the gateway hung up
                }
                out.flush();
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(answer.startsWith("HTTP/1.1 413"), answer);
                assertTrue(answer.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), answer);
            }
        }
        assertEquals(200, client.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(Stack.gatewayUrl() + "/api/v1/credits"))
                .header("Authorization", "Bearer " + key).build(), java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode());
    }

    /** A key refused before the body is read: the client writing its whole body first still reads the 401. */
    @Test
    void aClientWritingItsBodyBeforeReadingGetsTheRefusalAndTheConnectionStaysUsable() throws Exception {
        int bytes = 5 * 1024 * 1024; // under the import limit: nothing but the key is wrong
        try (Socket socket = new Socket("localhost", Stack.port("gateway"))) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer op_live_"
                    + "Q".repeat(40) + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'a');
            for (int written = 0; written < bytes; written += chunk.length) {
                out.write(chunk, 0, Math.min(chunk.length, bytes - written)); // throws if the gateway stopped reading
            }
            out.write("GET /api/v1/credits HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answers = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answers.startsWith("HTTP/1.1 401"), answers);
            assertTrue(answers.contains("\"code\":\"INVALID_API_KEY\""), answers);
            // the same connection then serves the next request (answered 401 MISSING_AUTH)
            assertTrue(answers.indexOf("HTTP/1.1 401", 10) > 0 && answers.contains("\"code\":\"MISSING_AUTH\""), answers);
        }
    }

    /** A body that stops arriving is the client's fault: 408 in the envelope, and no service connection held. */
    @Test
    void aStalledBodyIsAnsweredWith408() throws Exception {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        try (Socket socket = new Socket("localhost", Stack.port("gateway"))) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                    + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"email\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long began = System.nanoTime();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long seconds = (System.nanoTime() - began) / 1_000_000_000L;
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("\"code\":\"REQUEST_TIMEOUT\""), answer);
            assertTrue(seconds < 25, "answered after " + seconds + " s");
        }
        Gateway.withKey(key).get("/api/v1/contacts").then().statusCode(200);
    }

    /** Wrong bodies are the client's to fix: a healthy service never surfaces as a 5xx, however often. */
    @Test
    void aValidJsonButWrongBodyNeverSurfacesAsA5xx() {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        for (int i = 0; i < 80; i++) { // inside the pro plan's burst
            int status = Gateway.withKey(key).body(i % 2 == 0 ? "{\"url\": 5, \"events\": \"x\"}" : "[1,2,3]")
                    .post("/api/v1/webhooks").statusCode();
            assertTrue(status >= 400 && status < 500, "attempt " + i + " answered " + status);
        }
    }
}
