package com.outreachpilot.platform.data;

import com.outreachpilot.platform.auth.InternalToken;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;

import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every failure a client can cause comes back in the error envelope with the right code and status. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ErrorEnvelopeTest {

    static final String AUDIENCE = "platform-test";

    @TestHTTPResource
    URL root;

    int port;

    @org.junit.jupiter.api.BeforeEach
    void port() {
        port = root.getPort();
    }
    static final String ORG = "org_envelope";

    static String auth() {
        return TestTokens.bearer(AUDIENCE, ORG);
    }

    static ValidatableResponse assertError(ValidatableResponse response, int status, String code) {
        return response.statusCode(status)
                .contentType(containsString("application/json"))
                .body("ok", equalTo(false))
                .body("data", nullValue())
                .body("error.code", equalTo(code))
                .body("error.message", notNullValue())
                .body("error.docs_url", equalTo("/docs#" + code.toLowerCase()))
                .body("meta.request_id", matchesPattern("req_[a-z0-9]{24}|[A-Za-z0-9][A-Za-z0-9._:-]{7,127}"))
                .body("meta.timestamp", notNullValue());
    }

    @Test
    void malformedJsonIsAValidationError() {
        assertError(given().header("Authorization", auth()).contentType("application/json").body("{\"name\": ")
                .post("/api/v1/widgets").then(), 422, "VALIDATION_ERROR")
                .body("error.message", equalTo("Request body is not valid JSON"));
    }

    @Test
    void wrongTypeNamesTheField() {
        assertError(given().header("Authorization", auth()).contentType("application/json")
                .body("{\"name\": \"ok\", \"count\": \"seven\"}")
                .post("/api/v1/widgets").then(), 422, "VALIDATION_ERROR")
                .body("error.fields[0].field", equalTo("count"));
        assertError(given().header("Authorization", auth()).contentType("application/json")
                .body("{\"name\": 42}")
                .post("/api/v1/widgets").then(), 422, "VALIDATION_ERROR")
                .body("error.fields[0].field", equalTo("name"));
    }

    @Test
    void beanValidationNamesEveryFieldInSnakeCase() {
        assertError(given().header("Authorization", auth()).contentType("application/json")
                .body("{\"name\": \"\", \"owner_email\": \"not-an-email\", \"count\": 11,"
                        + " \"parts\": [{\"label\": \"a\"}, {\"label\": \"\"}]}")
                .post("/api/v1/widgets").then(), 422, "VALIDATION_ERROR")
                .body("error.fields.field", hasItem("name"))
                .body("error.fields.field", hasItem("owner_email"))
                .body("error.fields.field", hasItem("count"))
                .body("error.fields.field", hasItem("parts[1].label"))
                .body("error.details", containsString("owner_email"));
    }

    @Test
    void missingBodyIsAValidationError() {
        assertError(given().header("Authorization", auth()).contentType("application/json")
                .post("/api/v1/widgets").then(), 422, "VALIDATION_ERROR");
    }

    @Test
    void wrongMediaTypeIs415() {
        assertError(given().header("Authorization", auth()).contentType("text/plain").body("name=x")
                .post("/api/v1/widgets").then(), 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void wrongMethodIs405() {
        assertError(given().header("Authorization", auth()).delete("/api/v1/widgets").then(), 405,
                "METHOD_NOT_ALLOWED");
    }

    @Test
    void unknownRouteIs404() {
        assertError(given().header("Authorization", auth()).get("/api/v1/nothing/here").then(), 404,
                "ROUTE_NOT_FOUND");
        assertError(given().get("/not-an-api-path").then(), 404, "ROUTE_NOT_FOUND");
    }

    @Test
    void unknownResourceIs404ResourceNotFound() {
        assertError(given().header("Authorization", auth()).get("/api/v1/widgets/not-a-uuid").then(), 404,
                "RESOURCE_NOT_FOUND");
        assertError(given().header("Authorization", auth())
                .get("/api/v1/widgets/00000000-0000-0000-0000-000000000000").then(), 404, "RESOURCE_NOT_FOUND");
    }

    @Test
    void unexpectedFailureIs500WithoutInternals() {
        assertError(given().header("Authorization", auth()).get("/api/v1/widgets/boom").then(), 500,
                "INTERNAL_ERROR")
                .body(not(containsString("secret internals")))
                .body(not(containsString("Exception")))
                .body("error.details", containsString("req_"));
    }

    @Test
    void aConnectionDroppedUnderARequestIs503WithRetryAfterHoweverItIsWrapped() {
        for (String how : List.of("closed", "wrapped", "suppressed", "composite", "reset")) {
            assertError(given().header("Authorization", auth()).get("/api/v1/widgets/dropped?how=" + how).then(), 503,
                    "SERVICE_UNAVAILABLE")
                    .header("Retry-After", "2")
                    .body(not(containsString("Connection is not active")));
        }
        // outside JAX-RS too (a Vert.x route's failure handler)
        assertError(given().get("/raw/dropped").then(), 503, "SERVICE_UNAVAILABLE").header("Retry-After", "2");
        // the same words are what make it a dependency failure: any other bare failure stays a 500
        assertError(given().header("Authorization", auth()).get("/api/v1/widgets/dropped?how=other").then(), 500,
                "INTERNAL_ERROR");
    }

    @Test
    void oversizedBodyIs413BeforeItIsRead() throws Exception {
        // announce 9 MiB (the limit is 8 MiB) and send none of it: the answer must come from the headers alone
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            String head = "POST /api/v1/widgets HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + auth()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + (9 * 1024 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(response.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), response);
            assertTrue(response.contains("\"docs_url\":\"/docs#payload_too_large\""), response);
        }
    }

    @Test
    void paginationBoundsAreValidated() {
        for (String query : List.of("limit=0", "limit=201", "limit=-1", "limit=abc", "offset=-1", "offset=1.5")) {
            assertError(given().header("Authorization", auth()).get("/api/v1/widgets?" + query).then(), 422,
                    "VALIDATION_ERROR")
                    .body("error.fields[0].field", equalTo(query.substring(0, query.indexOf('='))));
        }
        given().header("Authorization", auth()).get("/api/v1/widgets?limit=200&offset=0")
                .then().statusCode(200)
                .body("ok", equalTo(true))
                .body("meta.limit", equalTo(200))
                .body("meta.offset", equalTo(0))
                .body("meta.total", notNullValue())
                .body("meta.has_more", equalTo(false));
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        given().header("Authorization", auth()).header("X-Request-Id", "client-trace-12345")
                .get("/api/v1/widgets").then().statusCode(200)
                .header("X-Request-Id", "client-trace-12345")
                .body("meta.request_id", equalTo("client-trace-12345"));
        given().header("Authorization", auth()).header("X-Request-Id", "bad id with spaces")
                .get("/api/v1/widgets").then().statusCode(200)
                .header("X-Request-Id", matchesPattern("req_[a-z0-9]{24}"));
    }

    @Test
    void requestsWithoutAValidInternalTokenAreRefused() {
        assertError(given().get("/api/v1/widgets").then(), 401, "INVALID_TOKEN");
        assertError(given().header("Authorization", "Basic abc").get("/api/v1/widgets").then(), 401,
                "INVALID_TOKEN");
        assertError(given().header("Authorization", "Bearer not.a.jwt").get("/api/v1/widgets").then(), 401,
                "INVALID_TOKEN");
        InternalToken token = InternalToken.forKey(ORG, "key_1", List.of("*"), "pro");
        // another service's audience
        assertError(given().header("Authorization", TestTokens.bearer("contacts-service", token))
                .get("/api/v1/widgets").then(), 401, "INVALID_TOKEN");
        // expired
        String expired = TestTokens.mint(AUDIENCE, token, Duration.ofSeconds(-120));
        assertError(given().header("Authorization", "Bearer " + expired).get("/api/v1/widgets").then(), 401,
                "INVALID_TOKEN");
        // tampered payload
        String valid = TestTokens.mint(AUDIENCE, token, Duration.ofSeconds(60));
        String[] parts = valid.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertError(given().header("Authorization", "Bearer " + forged).get("/api/v1/widgets").then(), 401,
                "INVALID_TOKEN");
    }

    static String signed(String role, String org, long issuedAt, long expiresAt) {
        var claims = io.smallrye.jwt.build.Jwt.issuer(com.outreachpilot.platform.auth.InternalTokens.ISSUER)
                .audience(AUDIENCE).subject("key_x").claim("role", role).claim("scopes", List.of("*"))
                .issuedAt(issuedAt).expiresAt(expiresAt);
        if (org != null) {
            claims.claim("org_id", org);
        }
        return "Bearer " + claims.jws().sign(TestTokens.privateKey());
    }

    @Test
    void tokensWithClaimsThePlatformDoesNotKnowAreRefused() {
        long now = java.time.Instant.now().getEpochSecond();
        given().header("Authorization", signed("api_key", ORG, now, now + 60)).get("/api/v1/widgets")
                .then().statusCode(200);
        // an unknown role is not taken for a customer's key
        assertError(given().header("Authorization", signed("superuser", ORG, now, now + 60)).get("/api/v1/widgets")
                .then(), 401, "INVALID_TOKEN");
        // issued in the future: its lifetime would outlast the 300 s limit
        assertError(given().header("Authorization", signed("api_key", ORG, now + 3_600, now + 3_650))
                .get("/api/v1/widgets").then(), 401, "INVALID_TOKEN");
        // lives longer than 300 s
        assertError(given().header("Authorization", signed("api_key", ORG, now, now + 3_600)).get("/api/v1/widgets")
                .then(), 401, "INVALID_TOKEN");
        // an organization id that is not one
        assertError(given().header("Authorization", signed("api_key", "x' or 1=1 --", now, now + 60))
                .get("/api/v1/widgets").then(), 401, "INVALID_TOKEN");
        // an API key's token without an organization
        assertError(given().header("Authorization", signed("api_key", null, now, now + 60)).get("/api/v1/widgets")
                .then(), 401, "INVALID_TOKEN");
        // a service token may not act on an organization's data
        assertError(given().header("Authorization", signed("service", null, now, now + 60)).get("/api/v1/widgets")
                .then(), 403, "FORBIDDEN");
    }

    @Test
    void publicAndAdminEndpointsFollowTheirMarks() {
        given().get("/api/v1/widgets/public/ping").then().statusCode(200).body("data", equalTo("pong"));
        assertError(given().header("Authorization", auth()).get("/api/v1/widgets/admin/ping").then(), 403,
                "FORBIDDEN");
        given().header("Authorization", TestTokens.adminBearer(AUDIENCE)).get("/api/v1/widgets/admin/ping")
                .then().statusCode(200).body("data", equalTo("admin pong"));
        assertError(given().header("Authorization", TestTokens.adminBearer(AUDIENCE)).get("/api/v1/widgets")
                .then(), 403, "FORBIDDEN");
    }

    @Test
    void successEnvelopeHasDataAndMeta() {
        given().header("Authorization", auth()).contentType("application/json").body("{\"name\": \"plain\"}")
                .post("/api/v1/widgets")
                .then().statusCode(201)
                .body("ok", equalTo(true))
                .body("error", nullValue())
                .body("data.name", equalTo("plain"))
                .body("data.created_at", notNullValue())
                .body("meta.request_id", matchesPattern("req_[a-z0-9]{24}"));
    }
}
