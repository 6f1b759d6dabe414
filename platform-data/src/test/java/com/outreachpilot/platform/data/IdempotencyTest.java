package com.outreachpilot.platform.data;

import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Idempotency-Key facility: replay, conflict, mismatch, and nothing done twice. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class IdempotencyTest {

    static Response post(String org, String key, String body) {
        return given().header("Authorization", TestTokens.bearer("platform-test", org))
                .header("Idempotency-Key", key)
                .contentType("application/json").body(body)
                .post("/api/v1/widgets");
    }

    static long widgets(String org) {
        return OutboxTest.countRows("select count(*) from platform_test.widget where org_id = '" + org + "'");
    }

    @Test
    void sameKeyAndRequestReplaysTheStoredResponseWithoutRunningAgain() {
        String org = "org_" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = post(org, key, "{\"name\": \"once\"}");
        first.then().statusCode(201);
        Response second = post(org, key, "{\"name\": \"once\"}");
        second.then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(first.jsonPath().getString("data.id"), second.jsonPath().getString("data.id"));
        assertEquals(first.jsonPath().getString("meta.request_id"), second.jsonPath().getString("meta.request_id"));
        assertEquals(1, widgets(org));
    }

    @Test
    void sameKeyWithADifferentRequestIsRefused() {
        String org = "org_" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        post(org, key, "{\"name\": \"first\"}").then().statusCode(201);
        post(org, key, "{\"name\": \"second\"}").then().statusCode(422)
                .body("error.code", equalTo("IDEMPOTENCY_KEY_REUSED"));
        assertEquals(1, widgets(org));
    }

    @Test
    void keysAreScopedToTheOrganization() {
        String key = UUID.randomUUID().toString();
        String orgA = "org_" + UUID.randomUUID();
        String orgB = "org_" + UUID.randomUUID();
        post(orgA, key, "{\"name\": \"shared-key\"}").then().statusCode(201);
        post(orgB, key, "{\"name\": \"shared-key\"}").then().statusCode(201);
        assertEquals(1, widgets(orgA));
        assertEquals(1, widgets(orgB));
    }

    @Test
    void requestStillRunningUnderTheKeyGets409() throws Exception {
        String org = "org_" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> post(org, key, "{\"name\": \"slow-1\"}"));
        // wait until the first request holds the key (not a fixed sleep: the machine may be slow)
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                .until(() -> OutboxTest.countRows("select count(*) from platform_test.idempotency_record where idem_key = '"
                        + key + "' and state = 'in_progress'") > 0);
        // the claim outlives the longest route's timeout (chat: 120 s), so a retry during a slow call waits
        assertTrue(OutboxTest.countRows("select count(*) from platform_test.idempotency_record where idem_key = '" + key
                + "' and locked_until > now() + interval '140 seconds'") == 1, "in-flight claim shorter than 140 s");
        post(org, key, "{\"name\": \"slow-1\"}").then().statusCode(409)
                .body("error.code", equalTo("IDEMPOTENCY_KEY_IN_USE"));
        slow.get().then().statusCode(201);
        post(org, key, "{\"name\": \"slow-1\"}").then().statusCode(201).header("Idempotent-Replayed", "true");
        assertEquals(1, widgets(org));
    }

    @Test
    void clientErrorsAreReplayedAndUnexpectedFailuresFreeTheKey() {
        String org = "org_" + UUID.randomUUID();
        String refused = UUID.randomUUID().toString();
        post(org, refused, "{\"name\": \"refuse-1\"}").then().statusCode(409).body("error.code", equalTo("DUPLICATE_RESOURCE"));
        post(org, refused, "{\"name\": \"refuse-1\"}").then().statusCode(409)
                .header("Idempotent-Replayed", "true").body("error.code", equalTo("DUPLICATE_RESOURCE"));

        String failed = UUID.randomUUID().toString();
        post(org, failed, "{\"name\": \"explode-2\"}").then().statusCode(500);
        // the failure was not stored: the retry runs again (and fails again, for real)
        post(org, failed, "{\"name\": \"explode-2\"}").then().statusCode(500)
                .header("Idempotent-Replayed", (String) null);
    }

    @Test
    void invalidKeyIsAValidationError() {
        post("org_x", "k".repeat(256), "{\"name\": \"x\"}").then().statusCode(422)
                .body("error.fields[0].field", equalTo("Idempotency-Key"));
    }

    @Test
    void aSecretInTheAnswerIsNeverStoredAndAReplaySaysSo() {
        String org = UUID.randomUUID().toString();
        String key = UUID.randomUUID().toString();
        var first = given().header("Authorization", TestTokens.bearer("platform-test", org)).header("Idempotency-Key", key)
                .contentType("application/json").body("{}").post("/api/v1/widgets/tokens").then().statusCode(200).extract();
        String token = first.path("data.token");
        assertTrue(token.startsWith("tok_"));
        assertEquals(0, OutboxTest.countRows("select count(*) from platform_test.idempotency_record where body like '%"
                + token + "%'"));
        given().header("Authorization", TestTokens.bearer("platform-test", org)).header("Idempotency-Key", key)
                .contentType("application/json").body("{}").post("/api/v1/widgets/tokens").then().statusCode(200)
                .header("Idempotent-Replayed", "true")
                .body("data.id", equalTo(first.path("data.id")))
                .body("data.token", nullValue())
                .body("meta.secret_redacted", equalTo(true));
    }
}
