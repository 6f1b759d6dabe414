package com.outreachpilot.billing;

import com.outreachpilot.platform.testing.TestTokens;
import io.restassured.specification.RequestSpecification;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Calls billing-service as the gateway would on behalf of operators, organizations and services. */
final class BillingApi {

    static final String AUDIENCE = "billing-service";

    private BillingApi() {
    }

    static RequestSpecification admin() {
        return given().header("Authorization", TestTokens.adminBearer(AUDIENCE)).contentType("application/json");
    }

    static RequestSpecification asOrg(String orgId) {
        return given().header("Authorization", TestTokens.bearer(AUDIENCE, orgId)).contentType("application/json");
    }

    static RequestSpecification asService() {
        return given().header("Authorization", TestTokens.bearer(AUDIENCE,
                com.outreachpilot.platform.auth.InternalToken.service("gateway"))).contentType("application/json");
    }

    static String createOrg(String name, String plan) {
        return admin().body(Map.of("name", name, "plan", plan)).post("/admin/v1/orgs")
                .then().statusCode(201).extract().path("data.id");
    }

    /** Creates a key and returns {id, key}. */
    static Map<String, String> createKey(String orgId, List<String> scopes) {
        var response = admin().body(Map.of("name", "test key", "scopes", scopes))
                .post("/admin/v1/orgs/" + orgId + "/api-keys").then().statusCode(201).extract();
        return Map.of("id", response.path("data.id"), "key", response.path("data.key"));
    }
}
