package com.outreachpilot.system;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route of the API reference × every way a caller can be turned away, through the real gateway and
 * the real billing-service: status, code and envelope.
 */
class GatewayMatrixTest {

    record SeedRoute(String method, String path, String scope) {
        Response call(RequestSpecification request) {
            if (method.equals("POST") || method.equals("PUT")) {
                request = request.body("{}");
            }
            return request.request(method, path);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final String ID = "00000000-0000-0000-0000-000000000000";
    static final List<SeedRoute> ROUTES = List.of(
            new SeedRoute("GET", "/api/v1/contacts", "contacts"),
            new SeedRoute("POST", "/api/v1/contacts", "contacts"),
            new SeedRoute("GET", "/api/v1/contacts/" + ID, "contacts"),
            new SeedRoute("PUT", "/api/v1/contacts/" + ID, "contacts"),
            new SeedRoute("DELETE", "/api/v1/contacts/" + ID, "contacts"),
            new SeedRoute("GET", "/api/v1/companies", "contacts"),
            new SeedRoute("POST", "/api/v1/companies", "contacts"),
            new SeedRoute("GET", "/api/v1/companies/" + ID, "contacts"),
            new SeedRoute("PUT", "/api/v1/companies/" + ID, "contacts"),
            new SeedRoute("DELETE", "/api/v1/companies/" + ID, "contacts"),
            new SeedRoute("POST", "/api/v1/chat", "chat"),
            new SeedRoute("GET", "/api/v1/credits", "credits"),
            new SeedRoute("POST", "/api/v1/campaigns/" + ID + "/trigger", "campaigns"),
            new SeedRoute("GET", "/api/v1/campaigns/" + ID + "/status", "campaigns"),
            new SeedRoute("GET", "/api/v1/webhooks", "campaigns"),
            new SeedRoute("POST", "/api/v1/webhooks", "campaigns"),
            new SeedRoute("DELETE", "/api/v1/webhooks?id=" + ID, "campaigns"),
            // beyond the reference, on the same table
            new SeedRoute("GET", "/api/v1/folders", "contacts"),
            new SeedRoute("POST", "/api/v1/folders", "contacts"),
            new SeedRoute("GET", "/api/v1/webhooks/" + ID, "campaigns"),
            new SeedRoute("GET", "/api/v1/webhooks/" + ID + "/deliveries", "campaigns"),
            new SeedRoute("POST", "/api/v1/webhooks/deliveries/" + ID + "/retry", "campaigns"));
    static final List<String> SCOPES = List.of("contacts", "campaigns", "chat", "credits");

    static String allScopes;
    static Map<String, String> singleScope = new java.util.HashMap<>();
    static String revoked;
    static String deletedOrg;
    static String freePlan;
    static String starterPlan;

    @BeforeAll
    static void keys() {
        String pro = Gateway.createOrg("pro");
        allScopes = Gateway.createKey(pro, List.of("*")).get("key");
        for (String scope : SCOPES) {
            singleScope.put(scope, Gateway.createKey(pro, List.of(scope)).get("key"));
        }
        Map<String, String> toRevoke = Gateway.createKey(pro, List.of("*"));
        Gateway.admin().delete("/admin/v1/api-keys/" + toRevoke.get("id")).then().statusCode(200);
        revoked = toRevoke.get("key");
        String doomed = Gateway.createOrg("scale");
        deletedOrg = Gateway.createKey(doomed, List.of("*")).get("key");
        Gateway.admin().delete("/admin/v1/orgs/" + doomed).then().statusCode(200);
        freePlan = Gateway.createKey(Gateway.createOrg("free"), List.of("*")).get("key");
        starterPlan = Gateway.createKey(Gateway.createOrg("starter"), List.of("*")).get("key");
    }

    static void refused(Response response, int status, String code, SeedRoute route) {
        assertEquals(status, response.statusCode(), route + " → " + response.asString());
        response.then()
                .contentType(containsString("application/json"))
                .header("X-Request-Id", matchesPattern("req_[a-z0-9]{24}"))
                .body("ok", equalTo(false))
                .body("error.code", equalTo(code))
                .body("error.message", org.hamcrest.Matchers.notNullValue())
                .body("error.docs_url", equalTo("/docs#" + code.toLowerCase()))
                .body("meta.request_id", equalTo(response.header("X-Request-Id")));
    }

    @Test
    void everyRouteRefusesCallersInTheDocumentedOrder() {
        for (SeedRoute route : ROUTES) {
            refused(route.call(Gateway.anonymous()), 401, "MISSING_AUTH", route);
            refused(route.call(Gateway.withKey("op_live_tooshort")), 401, "INVALID_API_KEY", route);
            refused(route.call(Gateway.withKey("op_live_" + "Z".repeat(40))), 401, "INVALID_API_KEY", route);
            refused(route.call(Gateway.withKey(revoked)), 401, "INVALID_API_KEY", route);
            refused(route.call(Gateway.withKey(deletedOrg)), 404, "ORG_NOT_FOUND", route);
            refused(route.call(Gateway.withKey(freePlan)), 403, "PLAN_REQUIRED", route);
            refused(route.call(Gateway.withKey(starterPlan)), 403, "PLAN_REQUIRED", route);
            for (String scope : SCOPES) {
                if (!scope.equals(route.scope())) {
                    Response denied = route.call(Gateway.withKey(singleScope.get(scope)));
                    refused(denied, 403, "SCOPE_DENIED", route);
                    assertTrue(denied.jsonPath().getString("error.details").contains(route.scope()), route.toString());
                }
            }
        }
    }

    @Test
    void everyRouteLetsTheRightKeyThroughToItsService() {
        List<String> gatewayCodes = List.of("MISSING_AUTH", "INVALID_API_KEY", "ORG_NOT_FOUND", "PLAN_REQUIRED",
                "SCOPE_DENIED", "SERVICE_UNAVAILABLE", "GATEWAY_TIMEOUT", "INVALID_TOKEN", "FORBIDDEN");
        List<String> failures = new ArrayList<>();
        for (SeedRoute route : ROUTES) {
            for (String key : List.of(allScopes, singleScope.get(route.scope()))) {
                Response response = route.call(Gateway.withKey(key).header("X-Request-Id", "matrix-" + System.nanoTime()));
                String code = response.jsonPath().getString("error.code");
                if (code != null && gatewayCodes.contains(code)) {
                    failures.add(route + " answered " + response.statusCode() + " " + code);
                }
                // the service answered in the envelope with the request id the client sent
                assertEquals(response.header("X-Request-Id"), response.jsonPath().getString("meta.request_id"), route.toString());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void creditsThroughTheGatewayAnswerExactlyAsTheReference() {
        Gateway.withKey(singleScope.get("credits")).get("/api/v1/credits").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("data.credits_remaining", equalTo(5000))
                .body("data.credits_monthly", equalTo(5000))
                .body("data.plan_tier", equalTo("pro"))
                .body("data.credits_reset_at", org.hamcrest.Matchers.notNullValue())
                .header("RateLimit-Policy", containsString("q=100"))
                .header("RateLimit", containsString("r="));
    }

    @Test
    void internalRoutesAreNotReachableFromOutside() {
        Response response = Gateway.withKey(allScopes).get("/internal/v1/api-keys/" + "0".repeat(64));
        assertEquals(404, response.statusCode());
        assertFalse(response.asString().contains("key_id"));
    }
}
