package com.outreachpilot.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input over every documented endpoint, the admin ones included: malformed and wrong-shaped bodies, each field
 * of each body with wrong types, null, huge and NUL-bearing strings, unicode, SQL and LIKE metacharacters, negative
 * and out-of-range numbers; the same values in every query parameter and bad ids in every path. Every answer is a
 * 2xx (the value was acceptable) or a 4xx error envelope; never a 5xx, never a non-envelope body.
 */
class BadInputSweepTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HUGE = "x".repeat(100_000);
    /** Values for any field or parameter: each must be refused clearly or stored as given. */
    private static final List<Object> VALUES = List.of("", "Zoë 😀 \u202e مرحبا 中文", "a\u0000b", HUGE,
            "%_\\' OR '1'='1'; --", "-1", "99999999999999999999999", -1, -9_223_372_036_854_775_807L,
            new java.math.BigInteger("9223372036854775808"), 1e308, 0.5, true, List.of(), List.of("x"), Map.of(), Map.of("k", HUGE));
    private static final List<String> BODIES = List.of("{", "[]", "null", "42", "\"text\"", "{\"a\":", "not json", "",
            "[".repeat(5_000) + "]".repeat(5_000), "{\"a\":" + "{\"a\":".repeat(3_000) + "1" + "}".repeat(3_001),
            "{\"email\":\"\\ud800\"}", "\u0000");
    private static final List<String> QUERY_VALUES = List.of("", "%", "_", "\\", "' OR '1'='1", "-1", "0",
            "99999999999999999999", "1e309", "😀", "x".repeat(5_000), "a\u0000b", "2026-13-45T99:99:99Z", "-999999999-01-01T00:00:00Z",
            "null", "[]");
    private static final List<String> PATH_VALUES = List.of("not-a-uuid", "00000000-0000-0000-0000-00000000000g",
            "%00", "x".repeat(2_000), "%F0%9F%98%80", "'%20OR%201=1", "-1", "99999999999999999999");

    static WebhookReceiver receiver;
    static OrgFixture fixture;
    static List<String> keys = new ArrayList<>();
    static final AtomicInteger next = new AtomicInteger();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void organization() {
        Stack.start();
        receiver = WebhookReceiver.start();
        fixture = OrgFixture.create("pro", receiver);
        keys.add(fixture.key);
        // the sweep sends a few thousand requests: spread them over keys so the plan's per-key rate limit does not
        // answer instead of the endpoints
        for (int i = 0; i < 24; i++) {
            keys.add(Gateway.createKey(fixture.org, List.of("*")).get("key"));
        }
        Gateway.admin().body(Map.of("amount", 100_000, "reason", "bad-input sweep"))
                .post("/admin/v1/orgs/" + fixture.org + "/credits").then().statusCode(200);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void everyEndpointAnswersBadInputWithA4xxEnvelopeAndNeverA5xx() throws Exception {
        List<String> failures = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        int sent = 0;
        for (OrgFixture.Operation op : OrgFixture.operations()) {
            if (op.method().equals("DELETE") && op.admin()) {
                continue; // would delete the fixture's organization or key; their ids are swept on GET and PUT
            }
            String path = resolved(op);
            if (op.bodySchema() != null) {
                for (String body : BODIES) {
                    sent++;
                    check(op + " body " + abbreviate(body), send(op, path, "", body), failures, statuses);
                }
                JsonNode schema = OrgFixture.schema(op.bodySchema());
                ObjectNode base = validBody(op, schema);
                List<String> fields = new ArrayList<>();
                schema.path("properties").fieldNames().forEachRemaining(fields::add);
                for (String field : fields) {
                    for (Object value : withNull()) {
                        ObjectNode body = base.deepCopy();
                        body.set(field, JSON.valueToTree(value));
                        sent++;
                        check(op + " " + field + "=" + abbreviate(String.valueOf(value)),
                                send(op, path, "", body.toString()), failures, statuses);
                    }
                }
            }
            for (String parameter : op.queryParameters()) {
                for (String value : QUERY_VALUES) {
                    sent++;
                    String query = parameter + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
                    check(op + " ?" + parameter + "=" + abbreviate(value), send(op, path, query, validBodyText(op)),
                            failures, statuses);
                }
            }
            for (String parameter : op.pathParameters()) {
                for (String value : PATH_VALUES) {
                    sent++;
                    String bad = op.path();
                    for (String other : op.pathParameters()) {
                        bad = bad.replace("{" + other + "}", other.equals(parameter) ? value
                                : op.admin() ? fixture.org : fixture.idFor(op.path(), other));
                    }
                    check(op + " {" + parameter + "}=" + abbreviate(value), send(op, bad, "", validBodyText(op)),
                            failures, statuses);
                }
            }
        }
        System.out.printf("Bad-input sweep: %d requests, answers %s%n", sent, statuses);
        assertEquals(List.of(), failures);
        assertTrue(sent > 1_500, "the sweep sent " + sent + " requests");
    }

    /** A bulk import with one bad contact stores none of them. */
    @Test
    void aBulkImportWithOneBadContactWritesNothing() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Gateway.withKey(fixture.key).body(Map.of("contacts", List.of(Map.of("email", "good-" + run + "@sweep-e2e.io"),
                        Map.of("email", "bad-" + run + "@sweep-e2e.io", "first_name", "a\u0000b"),
                        Map.of("email", "also-" + run + "@sweep-e2e.io"))))
                .post("/api/v1/contacts").then().statusCode(422)
                .body("error.code", org.hamcrest.Matchers.equalTo("VALIDATION_ERROR"))
                .body("error.fields.field", org.hamcrest.Matchers.hasItem("contacts[1].first_name"));
        Gateway.withKey(fixture.key).queryParam("search", run).get("/api/v1/contacts").then().statusCode(200)
                .body("meta.total", org.hamcrest.Matchers.equalTo(0));
    }

    /** A NUL character is refused in every service's text fields, naming the field (PostgreSQL cannot store it). */
    @Test
    void aNulCharacterInAnyTextFieldIsA422NamingTheField() {
        Gateway.withKey(fixture.key).body(Map.of("name", "a\u0000b")).post("/api/v1/folders").then().statusCode(422)
                .body("error.fields[0].field", org.hamcrest.Matchers.equalTo("name"))
                .body("error.fields[0].message", org.hamcrest.Matchers.containsString("NUL"));
        Gateway.withKey(fixture.key).body(Map.of("name", "ok", "steps", List.of(Map.of("subject", "s\u0000", "body", "b"))))
                .post("/api/v1/campaigns").then().statusCode(422)
                .body("error.fields[0].field", org.hamcrest.Matchers.equalTo("steps[0].subject"));
        Gateway.admin().body(Map.of("amount", 1, "reason", "r\u0000")).post("/admin/v1/orgs/" + fixture.org + "/credits")
                .then().statusCode(422).body("error.fields[0].field", org.hamcrest.Matchers.equalTo("reason"));
    }

    private static List<Object> withNull() {
        List<Object> values = new ArrayList<>(VALUES);
        values.add(null);
        return values;
    }

    private static String resolved(OrgFixture.Operation op) {
        String path = op.path();
        for (String parameter : op.pathParameters()) {
            path = path.replace("{" + parameter + "}", op.admin() ? adminId(op, parameter) : fixture.idFor(op.path(), parameter));
        }
        return path;
    }

    private static String adminId(OrgFixture.Operation op, String parameter) {
        if (op.path().startsWith("/admin/v1/dead-letters")) {
            return "contacts";
        }
        return fixture.org;
    }

    /** The smallest body each operation accepts, so one bad field at a time is what the endpoint sees. */
    private static ObjectNode validBody(OrgFixture.Operation op, JsonNode schema) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (op.bodySchema()) {
            case "CreateContacts", "ContactInput" -> body.put("email", "sweep-" + UUID.randomUUID() + "@sweep-e2e.io");
            case "CreateCompanies", "CompanyInput" -> body.put("name", "Sweep " + UUID.randomUUID());
            case "FolderInput" -> body.put("name", "Sweep " + UUID.randomUUID());
            case "CampaignInput" -> body.put("name", "Sweep");
            case "TriggerInput" -> body.put("email", "sweep-" + UUID.randomUUID() + "@sweep-e2e.io");
            case "ChatInput" -> {
                // the scripted model answers messages with the fixture's marker, in the message or the thread's history
                body.put("message", "hello " + fixture.marker);
                body.put("thread_id", fixture.thread);
            }
            case "MemberChange" -> body.put("status", "active");
            case "NewWebhook" -> {
                body.put("url", receiver.url("/sweep"));
                body.put("events", List.of("contact.created"));
            }
            case "WebhookChanges" -> body.put("enabled", true);
            case "ReplayRequest" -> body.put("since", java.time.Instant.now().minusSeconds(60).toString());
            case "CreateOrganization" -> {
                body.put("name", "Sweep org " + UUID.randomUUID());
                body.put("plan", "pro");
            }
            case "UpdateOrganization" -> body.put("plan", "pro");
            case "CreateApiKey" -> {
                body.put("name", "sweep");
                body.put("scopes", List.of("contacts"));
            }
            case "CreditGrant" -> {
                body.put("amount", 1);
                body.put("reason", "sweep");
            }
            default -> {
                // a schema the sweep does not know yet: its required fields get a plain string, the endpoint's
                // validation decides
                schema.path("required").forEach(name -> body.put(name.asText(), "x"));
            }
        }
        return JSON.valueToTree(body);
    }

    private static String validBodyText(OrgFixture.Operation op) {
        return op.bodySchema() == null ? null : validBody(op, OrgFixture.schema(op.bodySchema())).toString();
    }

    private static HttpResponse<String> send(OrgFixture.Operation op, String path, String query, String body) throws Exception {
        String key = op.admin() ? Stack.ADMIN_TOKEN : keys.get(Math.floorMod(next.getAndIncrement(), keys.size()));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + path
                        + (query.isEmpty() ? "" : "?" + query)))
                .header("Authorization", "Bearer " + key).timeout(Duration.ofSeconds(60));
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = HTTP.send(request.method(op.method(), publisher).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 429) {
            Thread.sleep(1_000);
            return send(op, path, query, body);
        }
        return response;
    }

    private static void check(String what, HttpResponse<String> response, List<String> failures, Map<String, Integer> statuses) {
        int status = response.statusCode();
        statuses.merge(String.valueOf(status), 1, Integer::sum);
        if (status >= 500) {
            failures.add(what + " → " + status + " " + abbreviate(response.body()));
            return;
        }
        if (status >= 400) {
            try {
                JsonNode body = JSON.readTree(response.body());
                if (body.path("ok").asBoolean(true) || body.path("error").path("code").asText().isEmpty()
                        || body.path("error").path("message").asText().isEmpty()) {
                    failures.add(what + " → " + status + " without the error envelope: " + abbreviate(response.body()));
                }
            } catch (Exception e) {
                failures.add(what + " → " + status + " not JSON: " + abbreviate(response.body()));
            }
        }
    }

    private static String abbreviate(String text) {
        String shown = text == null ? "null" : text.replace("\u0000", "\\u0000");
        return shown.length() > 60 ? shown.substring(0, 60) + "…(" + shown.length() + ")" : shown;
    }
}
