package com.outreachpilot.system;

import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Calls the running stack through the gateway, as clients do. */
final class Gateway {

    private Gateway() {
    }

    static RequestSpecification anonymous() {
        Stack.start();
        return given().baseUri(Stack.gatewayUrl()).contentType("application/json").filter(Contract.filter());
    }

    static RequestSpecification admin() {
        return anonymous().header("Authorization", "Bearer " + Stack.ADMIN_TOKEN);
    }

    static RequestSpecification withKey(String key) {
        return anonymous().header("Authorization", "Bearer " + key);
    }

    static String createOrg(String plan) {
        return admin().body(Map.of("name", "System " + plan + " " + System.nanoTime(), "plan", plan))
                .post("/admin/v1/orgs").then().statusCode(201).extract().path("data.id");
    }

    /** A new key; returns {id, key}. */
    static Map<String, String> createKey(String org, List<String> scopes) {
        var created = admin().body(Map.of("name", "system test", "scopes", scopes))
                .post("/admin/v1/orgs/" + org + "/api-keys").then().statusCode(201).extract();
        return Map.of("id", created.path("data.id"), "key", created.path("data.key"));
    }

    /**
     * An active campaign of two steps, the second two days after the first, so every enrollment stays active once
     * its first email is out; returns its id.
     */
    static String activeTwoStepCampaign(String key, String name) {
        String id = withKey(key).body(Map.of("name", name,
                        "sender", Map.of("from_name", "Ann Seller", "from_email", "ann@seller.io"),
                        "steps", List.of(Map.of("subject", "Hello {{first_name}}", "body", "Hello {{first_name}}."),
                                Map.of("subject", "Later", "body", "Later.", "delay", Map.of("days", 2)))))
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("data.id");
        withKey(key).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        return id;
    }
}
