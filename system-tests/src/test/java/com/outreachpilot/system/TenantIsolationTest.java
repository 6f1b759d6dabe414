package com.outreachpilot.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every documented endpoint, called by one organization with another organization's ids in its path, query and
 * body, answers exactly as it does for an id that does not exist, and changes nothing of the owner's; and no list
 * shows the owner's resources to the intruder.
 */
class TenantIsolationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A body that passes validation, per operation, so the lookup of the id is what decides the answer. */
    private static final Map<String, Map<String, Object>> BODIES = Map.of(
            "PUT /api/v1/campaigns/{id}", Map.of("name", "Mallory"),
            "PUT /api/v1/campaigns/{id}/audience/{contact_id}", Map.of("status", "paused"),
            "POST /api/v1/campaigns/{id}/trigger", Map.of("email", "mallory@intruder-e2e.io"),
            "PUT /api/v1/companies/{id}", Map.of("name", "Mallory"),
            "PUT /api/v1/contacts/{id}", Map.of("first_name", "Mallory"),
            "PUT /api/v1/folders/{id}", Map.of("name", "Mallory"),
            "PUT /api/v1/webhooks/{id}", Map.of("enabled", false),
            "POST /api/v1/webhooks/{id}/replay", Map.of("since", Instant.now().minus(1, ChronoUnit.HOURS).toString()));

    static WebhookReceiver receiver;
    static OrgFixture owner;
    static OrgFixture intruder;

    @BeforeAll
    static void organizations() {
        Stack.start();
        receiver = WebhookReceiver.start();
        owner = OrgFixture.create("pro", receiver);
        intruder = OrgFixture.create("pro", receiver);
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void anotherOrganizationsIdsBehaveAsUnknownIdsOnEveryEndpoint() throws Exception {
        List<String> checked = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (OrgFixture.Operation op : OrgFixture.operations()) {
            if (op.admin() || op.pathParameters().isEmpty() && op.queryParameters().stream().noneMatch(TenantIsolationTest::isId)) {
                continue;
            }
            String unknown = UUID.randomUUID().toString();
            Response theirs = call(op, id -> owner.idFor(op.path(), id));
            Response none = call(op, id -> unknown);
            String a = comparable(theirs, owner.ids());
            String b = comparable(none, List.of(unknown));
            checked.add(op + " → " + theirs.statusCode());
            if (!a.equals(b)) {
                differences.add(op + ": with the other organization's id " + a + ", with an unknown id " + b);
            }
        }
        // ids in bodies and filters of the intruder's own resources
        compare(differences, checked, "trigger with their contact_id",
                () -> intruder.call().body(Map.of("contact_id", owner.contact)).post("/api/v1/campaigns/" + intruder.campaign + "/trigger"),
                () -> intruder.call().body(Map.of("contact_id", UUID.randomUUID().toString())).post("/api/v1/campaigns/" + intruder.campaign + "/trigger"));
        compare(differences, checked, "chat in their thread",
                () -> intruder.call().body(Map.of("message", intruder.marker + " hi", "thread_id", owner.thread)).post("/api/v1/chat"),
                () -> intruder.call().body(Map.of("message", intruder.marker + " hi", "thread_id", UUID.randomUUID().toString())).post("/api/v1/chat"));
        compare(differences, checked, "move a contact into their folder",
                () -> intruder.call().body(Map.of("folder_id", owner.folder)).put("/api/v1/contacts/" + intruder.contact),
                () -> intruder.call().body(Map.of("folder_id", UUID.randomUUID().toString())).put("/api/v1/contacts/" + intruder.contact));
        System.out.println("Tenant isolation, checked: " + checked);
        assertEquals(List.of(), differences);
        assertTrue(checked.size() >= 30, "the sweep covered " + checked.size() + " calls");
        theOwnersResourcesAreUntouched();
    }

    @Test
    void noListShowsAnotherOrganizationsResources() {
        for (OrgFixture.Operation op : OrgFixture.operations()) {
            if (op.admin() || !op.method().equals("GET") || !op.pathParameters().isEmpty()) {
                continue;
            }
            RequestSpecification request = intruder.call();
            for (String parameter : op.queryParameters()) {
                if (isId(parameter)) {
                    // a filter by one of the intruder's own resources (required by some lists)
                    request = request.queryParam(parameter, intruder.idFor(op.path(), parameter));
                }
            }
            String body = request.get(op.path()).then().statusCode(200).extract().asString();
            for (String id : owner.ids()) {
                assertTrue(!body.contains(id), op + " shows the other organization's " + id);
            }
        }
        String stream = intruder.call().get("/api/v1/events?limit=100").then().statusCode(200).extract().asString();
        assertTrue(!stream.contains(owner.org), "the events feed names the other organization");
    }

    private void theOwnersResourcesAreUntouched() {
        owner.call().get("/api/v1/contacts/" + owner.contact).then().statusCode(200)
                .body("data.first_name", equalTo("Ann")).body("data.folder_id", equalTo(owner.folder));
        owner.call().get("/api/v1/companies/" + owner.company).then().statusCode(200)
                .body("data.name", org.hamcrest.Matchers.startsWith("Fixture"));
        owner.call().get("/api/v1/folders/" + owner.folder).then().statusCode(200)
                .body("data.name", org.hamcrest.Matchers.startsWith("Fixture"));
        owner.call().get("/api/v1/campaigns/" + owner.campaign).then().statusCode(200)
                .body("data.status", equalTo("active")).body("data.name", org.hamcrest.Matchers.startsWith("Fixture"));
        owner.call().get("/api/v1/campaigns/" + owner.campaign + "/audience").then().statusCode(200)
                .body("data.size()", equalTo(1)).body("data[0].status", equalTo("active"));
        owner.call().get("/api/v1/webhooks/" + owner.webhook).then().statusCode(200).body("data.enabled", equalTo(true));
        owner.call().get("/api/v1/chat/threads/" + owner.thread).then().statusCode(200);
        owner.call().get("/api/v1/events/" + owner.event).then().statusCode(200);
    }

    private static boolean isId(String queryParameter) {
        return queryParameter.equals("id") || queryParameter.endsWith("_id");
    }

    private static Response call(OrgFixture.Operation op, java.util.function.Function<String, String> ids) {
        String path = op.path();
        for (String parameter : op.pathParameters()) {
            path = path.replace("{" + parameter + "}", ids.apply(parameter));
        }
        RequestSpecification request = intruder.call();
        for (String parameter : op.queryParameters()) {
            if (isId(parameter)) {
                request = request.queryParam(parameter, ids.apply(parameter));
            }
        }
        Map<String, Object> body = BODIES.get(op.toString());
        if (body != null) {
            request = request.body(body);
        } else if (op.bodySchema() != null) {
            request = request.body("{}");
        }
        return request.request(op.method(), path);
    }

    private static void compare(List<String> differences, List<String> checked, String what,
            java.util.function.Supplier<Response> theirs, java.util.function.Supplier<Response> unknown) {
        String a = comparable(theirs.get(), owner.ids());
        String b = comparable(unknown.get(), List.of());
        checked.add(what);
        if (!a.equals(b.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID"))) {
            differences.add(what + ": with the other organization's id " + a + ", with an unknown id " + b);
        }
    }

    /** Status, error code and data, with the ids the caller sent replaced: what must not differ. */
    private static String comparable(Response response, List<String> sentIds) {
        String text = response.asString();
        try {
            JsonNode body = JSON.readTree(text);
            String data = body.path("data").toString();
            String error = body.path("error").path("code").asText();
            String shown = response.statusCode() + " " + error + " " + data;
            for (String id : sentIds) {
                shown = shown.replace(id, "ID");
            }
            return shown.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "ID")
                    .replaceAll("\"(created_at|updated_at|request_id)\":\"[^\"]*\"", "");
        } catch (IOException e) {
            return response.statusCode() + " not JSON";
        }
    }
}
