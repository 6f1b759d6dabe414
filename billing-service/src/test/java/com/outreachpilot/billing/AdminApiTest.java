package com.outreachpilot.billing;

import com.outreachpilot.platform.auth.ApiKeys;
import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestInfrastructure;
import com.outreachpilot.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.outreachpilot.billing.BillingApi.admin;
import static com.outreachpilot.billing.BillingApi.asOrg;
import static com.outreachpilot.billing.BillingApi.asService;
import static com.outreachpilot.billing.BillingApi.createKey;
import static com.outreachpilot.billing.BillingApi.createOrg;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class AdminApiTest {

    @Test
    void createsAnOrganizationWithItsMonthlyCredits() {
        admin().body(Map.of("name", "  Acme Corp ", "plan", "pro")).post("/admin/v1/orgs")
                .then().statusCode(201)
                .body("ok", equalTo(true))
                .body("data.id", matchesPattern("[0-9a-f-]{36}"))
                .body("data.name", equalTo("Acme Corp"))
                .body("data.plan", equalTo("pro"))
                .body("data.credits_remaining", equalTo(5000))
                .body("data.credits_monthly", equalTo(5000))
                .body("data.credits_reset_at", notNullValue());
    }

    @Test
    void validatesOrganizationInput() {
        admin().body(Map.of("name", "x", "plan", "gold")).post("/admin/v1/orgs")
                .then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.fields[0].field", equalTo("plan"));
        admin().body(Map.of("plan", "pro")).post("/admin/v1/orgs")
                .then().statusCode(422).body("error.fields[0].field", equalTo("name"));
        admin().get("/admin/v1/orgs/not-a-uuid").then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        admin().get("/admin/v1/orgs/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
    }

    @Test
    void updatesAndDeletesAnOrganizationPublishingEvents() {
        String org = createOrg("Lifecycle", "starter");
        try (EventTap tap = new EventTap("billing.events")) {
            admin().body(Map.of("plan", "scale")).put("/admin/v1/orgs/" + org)
                    .then().statusCode(200).body("data.plan", equalTo("scale")).body("data.name", equalTo("Lifecycle"))
                    .body("data.credits_monthly", equalTo(25000));
            tap.await(e -> e.type().equals("org.updated") && org.equals(e.orgId()), Duration.ofSeconds(20));

            Map<String, String> key = createKey(org, List.of("*"));
            admin().delete("/admin/v1/orgs/" + org).then().statusCode(200)
                    .body("data.deleted", equalTo(true)).body("data.id", equalTo(org));
            tap.await(e -> e.type().equals("org.deleted") && org.equals(e.orgId()), Duration.ofSeconds(20));
            admin().get("/admin/v1/orgs/" + org).then().statusCode(404);
            // its key now resolves to an organization that no longer exists (the gateway answers ORG_NOT_FOUND)
            asService().get("/internal/v1/api-keys/" + ApiKeys.hash(key.get("key")))
                    .then().statusCode(200)
                    .body("data.org_exists", equalTo(false))
                    .body("data.revoked", equalTo(false));
            // a deleted organization does not come back through a new key
            admin().body(Map.of("name", "again", "scopes", List.of("*"))).post("/admin/v1/orgs/" + org + "/api-keys")
                    .then().statusCode(404);
        }
    }

    @Test
    void apiKeyIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        String org = createOrg("Keys", "pro");
        var created = admin().body(Map.of("name", "CI key", "scopes", List.of("contacts", "credits", "contacts")))
                .post("/admin/v1/orgs/" + org + "/api-keys").then().statusCode(201)
                .body("data.key", matchesPattern("op_live_[0-9A-Za-z]{40}"))
                .body("data.prefix", matchesPattern("op_live_[0-9A-Za-z]{4}"))
                .body("data.scopes", equalTo(List.of("contacts", "credits")))
                .body("data.name", equalTo("CI key"))
                .extract();
        String key = created.path("data.key");
        String id = created.path("data.id");

        admin().get("/admin/v1/orgs/" + org + "/api-keys").then().statusCode(200)
                .body("data[0].id", equalTo(id))
                .body("data[0]", not(hasKey("key")))
                .body("data[0]", not(hasKey("key_hash")));

        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select * from billing.api_key where id = '" + id + "'")) {
            rs.next();
            assertEquals(ApiKeys.hash(key), rs.getString("key_hash"));
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                String value = rs.getString(i);
                assertFalse(value != null && value.contains(key.substring(8)), "column " + i + " holds the key");
            }
        }

        asService().get("/internal/v1/api-keys/" + ApiKeys.hash(key)).then().statusCode(200)
                .body("data.key_id", equalTo(id))
                .body("data.org_id", equalTo(org))
                .body("data.org_exists", equalTo(true))
                .body("data.plan", equalTo("pro"))
                .body("data.scopes", equalTo(List.of("contacts", "credits")))
                .body("data.revoked", equalTo(false));

        admin().delete("/admin/v1/api-keys/" + id).then().statusCode(200).body("data.revoked_at", notNullValue());
        asService().get("/internal/v1/api-keys/" + ApiKeys.hash(key)).then().statusCode(200)
                .body("data.revoked", equalTo(true));
        asService().get("/internal/v1/api-keys/" + ApiKeys.hash("op_live_unknown")).then().statusCode(404);
    }

    @Test
    void keyUseIsRecordedInBatchesAfterResolution() {
        String org = createOrg("Usage", "pro");
        Map<String, String> key = createKey(org, List.of("*"));
        admin().get("/admin/v1/orgs/" + org + "/api-keys").then().statusCode(200)
                .body("data[0].last_used_at", nullValue());
        asService().get("/internal/v1/api-keys/" + ApiKeys.hash(key.get("key"))).then().statusCode(200);
        // written by the next batch, not by the lookup itself
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                admin().get("/admin/v1/orgs/" + org + "/api-keys").then().statusCode(200)
                        .body("data[0].last_used_at", notNullValue()));
    }

    @Test
    void rejectsInvalidScopes() {
        String org = createOrg("Scopes", "pro");
        admin().body(Map.of("name", "k", "scopes", List.of("contacts", "billing")))
                .post("/admin/v1/orgs/" + org + "/api-keys").then().statusCode(422)
                .body("error.fields[0].field", equalTo("scopes[1]"));
        admin().body(Map.of("name", "k", "scopes", List.of()))
                .post("/admin/v1/orgs/" + org + "/api-keys").then().statusCode(422);
    }

    @Test
    void adminApiRefusesEveryoneButOperators() {
        given().get("/admin/v1/orgs").then().statusCode(401).body("error.code", equalTo("INVALID_TOKEN"));
        given().header("Authorization", "Bearer forged").get("/admin/v1/orgs").then().statusCode(401);
        asOrg("00000000-0000-0000-0000-000000000001").get("/admin/v1/orgs").then().statusCode(403)
                .body("error.code", equalTo("FORBIDDEN"));
        asService().get("/admin/v1/orgs").then().statusCode(403);
        // and the key resolution endpoint is for services only
        given().header("Authorization", TestTokens.adminBearer(BillingApi.AUDIENCE))
                .get("/internal/v1/api-keys/" + "0".repeat(64)).then().statusCode(403);
    }
}
