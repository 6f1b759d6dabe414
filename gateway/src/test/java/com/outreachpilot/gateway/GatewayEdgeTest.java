package com.outreachpilot.gateway;

import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;

import com.outreachpilot.platform.testing.Management;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the gateway answers on its own, before any service is involved. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class GatewayEdgeTest {

    static final String WELL_FORMED_KEY = "op_live_" + "A".repeat(40);

    /** The gateway's public server (its own, not Quarkus' HTTP server, whose test port it does not use). */
    @jakarta.inject.Inject
    com.outreachpilot.gateway.api.PublicServer server;

    @org.junit.jupiter.api.BeforeEach
    void toThePublicServer() {
        io.restassured.RestAssured.port = server.port();
    }

    static ValidatableResponse error(ValidatableResponse response, int status, String code) {
        return response.statusCode(status)
                .contentType(containsString("application/json"))
                .header("X-Request-Id", matchesPattern("req_[a-z0-9]{24}|[A-Za-z0-9][A-Za-z0-9._:-]{7,127}"))
                .body("ok", equalTo(false))
                .body("error.code", equalTo(code))
                .body("error.docs_url", equalTo("/docs#" + code.toLowerCase()));
    }

    @Test
    void requestMetricsAreTaggedByRouteNotByResourceId() {
        String id = java.util.UUID.randomUUID().toString();
        given().get("/api/v1/contacts/" + id).then().statusCode(401);
        given().get("/api/v1/webhooks/" + id + "/rotate-secret").then().statusCode(401);
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("uri=\"/api/v1/contacts/{id}\""), "contact route series missing");
        assertTrue(metrics.contains("uri=\"/api/v1/webhooks/{id}/{action}\""), "webhook action series missing");
        assertTrue(!metrics.contains(id), "a resource id became a metric tag");
    }

    @Test
    void attackerChosenPathsNeverBecomeMetricSeries() {
        for (int i = 0; i < 30; i++) {
            given().get("/probe-" + i + "/x").then().statusCode(404);
            given().get("/api/v1/probe-" + i).then().statusCode(404);
            given().get("/api/v1/contacts/probe-" + i + "/x/y").then().statusCode(401);
            given().get("/api/v1/campaigns/probe-" + i + "/probe-" + i + "/z").then().statusCode(401);
            given().get("/t/probe-" + i); // no campaigns-service behind this gateway: 503, still one series
        }
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(!metrics.contains("probe-"), "a path chosen by the client became a metric tag");
    }

    @Test
    void theGatewaysOwnOpenApiDocumentIsOnItsManagementPortOnly() {
        // health and metrics: ServiceContract; the merged document for clients is /openapi.json
        error(given().get("/q/openapi").then(), 404, "ROUTE_NOT_FOUND");
        Management.given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void missingOrNonBearerAuthorizationIsMissingAuth() {
        error(given().get("/api/v1/contacts").then(), 401, "MISSING_AUTH");
        error(given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/contacts").then(), 401, "MISSING_AUTH");
        error(given().header("Authorization", "Bearer ").get("/api/v1/credits").then(), 401, "MISSING_AUTH");
        // each says which of the three it was
        given().get("/api/v1/contacts").then().body("error.message", equalTo("No Authorization header provided"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/contacts").then()
                .body("error.message", equalTo("The Authorization header uses the Basic scheme, not Bearer"))
                .body("error.details", containsString("Bearer op_live_"));
        given().header("Authorization", "Bearer ").get("/api/v1/contacts").then()
                .body("error.message", equalTo("The Authorization header holds no credentials"));
        given().header("Authorization", "<script>x</script> abc").get("/api/v1/contacts").then()
                .body("error.message", equalTo("The Authorization header uses another scheme, not Bearer"));
    }

    @Test
    void theRootPointsToTheReference() {
        given().get("/").then().statusCode(200).body("ok", equalTo(true))
                .body("data.docs", equalTo("/docs")).body("data.openapi", equalTo("/openapi.json"))
                .body("data.api", equalTo("/api/v1"));
        given().get("/api/v1/nothing-here").then().statusCode(404).body("error.details", containsString("/docs"));
    }

    @Test
    void malformedKeysAreRefusedWithoutALookup() {
        for (String key : new String[] {"abc", "op_test_" + "A".repeat(40), "op_live_short", "op_live_" + "A".repeat(39) + "!"}) {
            error(given().header("Authorization", "Bearer " + key).get("/api/v1/contacts").then(), 401, "INVALID_API_KEY");
        }
    }

    @Test
    void billingUnreachableIsServiceUnavailable() {
        error(given().header("Authorization", "Bearer " + WELL_FORMED_KEY).get("/api/v1/credits").then(), 503,
                "SERVICE_UNAVAILABLE");
    }

    @Test
    void adminApiNeedsTheAdminToken() {
        error(given().get("/admin/v1/orgs").then(), 401, "MISSING_AUTH");
        error(given().header("Authorization", "Bearer wrong-token").get("/admin/v1/orgs").then(), 401, "INVALID_API_KEY");
        error(given().header("Authorization", "Bearer " + WELL_FORMED_KEY).get("/admin/v1/orgs").then(), 401,
                "INVALID_API_KEY");
        // the right token passes; billing-service is not running here
        error(given().header("Authorization", "Bearer test-admin-token-0123456789").get("/admin/v1/orgs").then(), 503,
                "SERVICE_UNAVAILABLE");
    }

    @Test
    void unknownRoutesAreRouteNotFound() {
        error(given().header("Authorization", "Bearer " + WELL_FORMED_KEY).get("/api/v2/contacts").then(), 404,
                "ROUTE_NOT_FOUND");
        error(given().get("/api/v1/contactsx").then(), 404, "ROUTE_NOT_FOUND");
        error(given().get("/nothing-here").then(), 404, "ROUTE_NOT_FOUND");
    }

    @Test
    void clientRequestIdIsKept() {
        given().header("X-Request-Id", "agent-run-42:step-7").get("/api/v1/contacts").then()
                .statusCode(401).header("X-Request-Id", "agent-run-42:step-7")
                .body("meta.request_id", equalTo("agent-run-42:step-7"));
    }

    @Test
    void oversizedBodiesAreRefusedPerRoute() throws Exception {
        // 2 MiB is over the 1 MiB limit of most routes but within the 10 MiB of bulk imports
        assertTrue(rawPost("/api/v1/credits", 2 * 1024 * 1024).startsWith("HTTP/1.1 413"));
        String bulk = rawPost("/api/v1/contacts", 2 * 1024 * 1024);
        assertTrue(bulk.startsWith("HTTP/1.1 401"), bulk); // checked for size, then refused for the missing key
        String huge = rawPost("/api/v1/contacts", 11 * 1024 * 1024);
        assertTrue(huge.startsWith("HTTP/1.1 413") && huge.contains("PAYLOAD_TOO_LARGE"), huge);
    }

    @Test
    void anOverLongTargetIs414AndOverLargeHeadersAre431InTheEnvelope() throws Exception {
        String longTarget = rawFrom("127.0.0.3", "GET /api/v1/contacts?search=" + "a".repeat(9_000)
                + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertTrue(longTarget.startsWith("HTTP/1.1 414") && longTarget.contains("\"code\":\"URI_TOO_LONG\"")
                && longTarget.contains("At most 8192 bytes"), longTarget);
        String bigHeaders = rawFrom("127.0.0.3", "GET /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nX-Trace: "
                + "b".repeat(25_000) + "\r\n\r\n");
        assertTrue(bigHeaders.startsWith("HTTP/1.1 431") && bigHeaders.contains("\"code\":\"HEADERS_TOO_LARGE\""),
                bigHeaders);
        // just under both limits: routed as usual (here: refused for the missing key)
        String fits = rawFrom("127.0.0.3", "GET /api/v1/contacts?search=" + "a".repeat(8_000)
                + " HTTP/1.1\r\nHost: localhost\r\nX-Trace: " + "b".repeat(15_000) + "\r\nConnection: close\r\n\r\n");
        assertTrue(fits.startsWith("HTTP/1.1 401"), fits);
    }

    @Test
    void docsPageHasAnAnchorForEveryErrorCode() {
        String html = given().get("/docs").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        for (com.outreachpilot.platform.error.ErrorCode code : com.outreachpilot.platform.error.ErrorCode.values()) {
            assertTrue(html.contains("id=\"" + code.name().toLowerCase() + "\""), code.name());
        }
        // every delivery's User-Agent links to #webhooks: headers, verification, retries, the event catalogue
        assertTrue(html.contains("id=\"webhooks\"") && html.contains("webhook-signature") && html.contains("HmacSHA256")
                && html.contains("<code>chat.message.completed</code>") && html.contains("<code>campaign.deleted</code>"), html);
        given().get("/openapi.json").then().statusCode(200)
                .body("openapi", equalTo("3.0.3"))
                .body("info.title", equalTo("OutreachPilot API"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("components.schemas.ErrorEnvelope.properties.error.properties.code.enum",
                        org.hamcrest.Matchers.hasItems("INSUFFICIENT_CREDITS", "AI_UNAVAILABLE", "VALIDATION_ERROR"))
                .body("components.schemas.ErrorEnvelope.properties.error.properties.fields.type", equalTo("array"))
                .body("components.schemas.Meta.properties.request_id.type", equalTo("string"));
        // the page renders the document with Swagger UI, served by the gateway itself
        assertTrue(html.contains("/webjars/swagger-ui/swagger-ui-bundle.js") && html.contains("/openapi/public.json"), html);
        given().get("/webjars/swagger-ui/swagger-ui-bundle.js").then().statusCode(200)
                .contentType(containsString("javascript"));
        given().get("/webjars/swagger-ui/swagger-ui.css").then().statusCode(200).contentType(containsString("css"));
        String admin = given().get("/docs/admin").then().statusCode(200).extract().asString();
        assertTrue(admin.contains("/openapi/admin.json") && !admin.contains("id=\"webhooks\""), admin);
        given().get("/openapi/public.json").then().statusCode(200).body("openapi", equalTo("3.0.3"));
        given().get("/openapi/admin.json").then().statusCode(200).body("info.title", containsString("admin"));
    }

    private String rawPost(String path, long length) throws Exception {
        try (Socket socket = new Socket("localhost", server.port())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] buffer = new byte[4096];
            int read = socket.getInputStream().read(buffer);
            return new String(buffer, 0, Math.max(read, 0), StandardCharsets.UTF_8);
        }
    }

    /** Sends one request from {@code source} (an address of the loopback range) and returns the raw answer. */
    String rawFrom(String source, String request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new java.net.InetSocketAddress(source, 0));
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", server.port()), 5_000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            byte[] buffer = new byte[8192];
            int read = socket.getInputStream().read(buffer);
            return new String(buffer, 0, Math.max(read, 0), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anAddressGuessingKeysIsThrottledOthersAreNot() throws Exception {
        String guess = "GET /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Authorization: Bearer op_live_short\r\n\r\n";
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            String answer = rawFrom("127.0.0.2", guess);
            if (answer.startsWith("HTTP/1.1 429")) {
                refused++;
                assertTrue(answer.contains("Retry-After") || answer.contains("retry-after"), answer);
                assertTrue(answer.contains("\"code\":\"RATE_LIMITED\""), answer);
            } else {
                assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
            }
        }
        assertTrue(refused >= 15, "only " + refused + " of 40 guesses were throttled");
        // another address is judged on its own
        assertTrue(rawFrom("127.0.0.3", guess).startsWith("HTTP/1.1 401"));
    }

    @Test
    void pathsThatNormalizeElsewhereAndDuplicateHostsAre400() throws Exception {
        for (String path : new String[] {"/t/../api/v1/contacts", "/api/v1/credits/../../admin/v1/orgs",
                "/api/v1/contacts%2F..%2F..%2Fadmin", "/api//v1/contacts", "/api/v1/%2e%2e/contacts"}) {
            String answer = rawFrom("127.0.0.4", "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
            assertTrue(answer.contains("\"code\":\"BAD_REQUEST\""), path + ": " + answer);
        }
        String twoHosts = rawFrom("127.0.0.4", "GET /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nHost: evil\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(twoHosts.startsWith("HTTP/1.1 400"), twoHosts);
    }

    @Test
    void expectContinueIsAnsweredAtOnce() throws Exception {
        long began = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("POST /api/v1/contacts HTTP/1.1\r\nHost: localhost\r\nExpect: 100-continue\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] buffer = new byte[64];
            int read = socket.getInputStream().read(buffer);
            assertTrue(new String(buffer, 0, read, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 100"));
        }
        assertTrue((System.nanoTime() - began) / 1_000_000 < 900, "100 Continue took a second");
    }
}
