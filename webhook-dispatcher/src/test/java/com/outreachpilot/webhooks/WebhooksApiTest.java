package com.outreachpilot.webhooks;

import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class WebhooksApiTest {

    static final String RECEIVER = "http://127.0.0.2:9/hook";

    static String newOrg() {
        return UUID.randomUUID().toString();
    }

    static RequestSpecification as(String org) {
        return given().header("Authorization", TestTokens.bearer("webhook-dispatcher", org)).contentType("application/json");
    }

    static String subscribe(String org, String url, String events) {
        return as(org).body("{\"url\":\"" + url + "\",\"events\":" + events + "}").post("/api/v1/webhooks")
                .then().statusCode(201).extract().path("data.id");
    }

    @Test
    void registersListsAndDeactivatesAsTheReference() {
        String org = newOrg();
        as(org).get("/api/v1/webhooks").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("data.webhooks", empty())
                .body("data.available_events", hasItems("email.opened", "campaign.completed", "contact.created",
                        "credits.low", "webhook.disabled"))
                .body("data.available_events", not(hasItems("apikey.revoked")));
        String id = as(org).body("{\"url\":\"https://127.0.0.2/hooks\",\"events\":[\"email.opened\",\"campaign.completed\"],"
                        + "\"secret\":\"hmac_secret\"}")
                .post("/api/v1/webhooks").then().statusCode(201)
                .body("ok", equalTo(true))
                .body("data.id", notNullValue())
                .body("data.url", equalTo("https://127.0.0.2/hooks"))
                .body("data.events", equalTo(List.of("email.opened", "campaign.completed")))
                .body("data.enabled", equalTo(true))
                .body("data.secret", equalTo("hmac_secret"))
                .extract().path("data.id");
        as(org).get("/api/v1/webhooks").then().body("data.webhooks", hasSize(1))
                .body("data.webhooks[0].id", equalTo(id))
                .body("data.webhooks[0].secret", nullValue())
                .body("meta.total", equalTo(1));
        as(org).delete("/api/v1/webhooks?id=" + id).then().statusCode(200)
                .body("ok", equalTo(true)).body("data.deleted", equalTo(true));
        as(org).get("/api/v1/webhooks").then().body("data.webhooks", empty());
        as(org).get("/api/v1/webhooks/" + id).then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        as(org).delete("/api/v1/webhooks?id=" + id).then().statusCode(404);
        as(org).delete("/api/v1/webhooks").then().statusCode(422).body("error.fields[0].field", equalTo("id"));
    }

    @Test
    void aGeneratedSecretIsStandardWebhooksFormAndShownOnce() {
        String org = newOrg();
        String secret = as(org).body("{\"url\":\"" + RECEIVER + "\",\"events\":[\"contact.created\"]}").post("/api/v1/webhooks")
                .then().statusCode(201).body("data.secret", startsWith("whsec_")).extract().path("data.secret");
        assertTrue(Base64.getDecoder().decode(secret.substring(6)).length >= 24);
        String id = as(org).get("/api/v1/webhooks").then().extract().path("data.webhooks[0].id");
        as(org).get("/api/v1/webhooks/" + id).then().statusCode(200).body("data.secret", nullValue());
        String rotated = as(org).post("/api/v1/webhooks/" + id + "/rotate-secret").then().statusCode(200)
                .body("data.secret", startsWith("whsec_")).extract().path("data.secret");
        assertNotEquals(secret, rotated);
    }

    @Test
    void refusesBadSubscriptions() {
        String org = newOrg();
        as(org).body("{\"url\":\"" + RECEIVER + "\",\"events\":[\"contact.created\",\"no.such\",\"apikey.revoked\"]}")
                .post("/api/v1/webhooks").then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.fields.field", equalTo(List.of("events[1]", "events[2]")));
        as(org).body("{\"events\":[\"contact.created\"]}").post("/api/v1/webhooks").then().statusCode(422)
                .body("error.fields[0].field", equalTo("url"));
        as(org).body("{\"url\":\"" + RECEIVER + "\",\"events\":[]}").post("/api/v1/webhooks").then().statusCode(422)
                .body("error.fields[0].field", equalTo("events"));
        as(org).body("{\"url\":\"" + RECEIVER + "\",\"events\":[\"contact.created\"],\"secret\":\"short\"}")
                .post("/api/v1/webhooks").then().statusCode(422).body("error.fields[0].field", equalTo("secret"));
        as(org).body("[]").post("/api/v1/webhooks").then().statusCode(422);
        as(org).get("/api/v1/webhooks").then().body("data.webhooks", empty());
    }

    @Test
    void aWrongJsonTypeOrANullIsRefusedNamingTheField() {
        String org = newOrg();
        for (var body : List.of(
                List.of("{\"url\":5,\"events\":[\"contact.created\"]}", "url"),
                List.of("{\"url\":\"  \",\"events\":[\"contact.created\"]}", "url"),
                List.of("{\"url\":\"" + RECEIVER + "\",\"events\":\"contact.created\"}", "events"),
                List.of("{\"url\":\"" + RECEIVER + "\",\"events\":[\"contact.created\",5]}", "events[1]"),
                List.of("{\"url\":\"" + RECEIVER + "\",\"events\":[null]}", "events[0]"),
                List.of("{\"url\":\"" + RECEIVER + "\",\"events\":[\"contact.created\"],\"secret\":12345678}", "secret"),
                List.of("{\"url\":\"" + RECEIVER + "\",\"events\":[\"contact.created\"],\"secret\":\"\"}", "secret"))) {
            as(org).body(body.get(0)).post("/api/v1/webhooks").then().statusCode(422)
                    .body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.fields.field", equalTo(List.of(body.get(1))));
        }
        as(org).body("").post("/api/v1/webhooks").then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"));
        String id = subscribe(org, RECEIVER, "[\"contact.created\"]");
        for (String field : List.of("url", "events", "enabled")) {
            as(org).body("{\"" + field + "\":null}").put("/api/v1/webhooks/" + id).then().statusCode(422)
                    .body("error.fields.field", equalTo(List.of(field)));
        }
        as(org).body("{\"events\":[]}").put("/api/v1/webhooks/" + id).then().statusCode(422)
                .body("error.fields.field", equalTo(List.of("events")));
        as(org).body("{\"url\":\"http://10.1.2.3/x\",\"events\":[\"no.such\"]}").put("/api/v1/webhooks/" + id)
                .then().statusCode(422).body("error.fields.field", equalTo(List.of("events[0]")));
        as(org).get("/api/v1/webhooks/" + id).then().body("data.events", equalTo(List.of("contact.created")))
                .body("data.url", equalTo(RECEIVER));
    }

    @Test
    void refusesAddressesInsideOurNetwork() {
        String org = newOrg();
        for (String url : List.of("http://127.0.0.1:8080/x", "http://localhost/x", "http://169.254.169.254/latest/meta-data",
                "http://10.0.0.1/x", "http://192.168.1.10/x", "http://[::1]/x", "http://0.0.0.0/x", "ftp://127.0.0.2/x",
                "http://user:pw@127.0.0.2/x", "not a url", "http://no-such-host.invalid/x")) {
            as(org).body("{\"url\":\"" + url + "\",\"events\":[\"contact.created\"]}").post("/api/v1/webhooks")
                    .then().statusCode(422).body("error.fields[0].field", equalTo("url"));
        }
        as(org).get("/api/v1/webhooks").then().body("data.webhooks", empty());
        // the allow-listed address is accepted, and so may a PUT move to it but not away from it
        String id = subscribe(org, RECEIVER, "[\"contact.created\"]");
        as(org).body("{\"url\":\"http://10.1.2.3/x\"}").put("/api/v1/webhooks/" + id).then().statusCode(422);
    }

    @Test
    void updatesUrlEventsAndEnabled() {
        String org = newOrg();
        String id = subscribe(org, RECEIVER, "[\"contact.created\"]");
        as(org).body("{\"events\":[\"contact.updated\",\"contact.deleted\"],\"enabled\":false}").put("/api/v1/webhooks/" + id)
                .then().statusCode(200)
                .body("data.events", equalTo(List.of("contact.updated", "contact.deleted")))
                .body("data.enabled", equalTo(false))
                .body("data.disabled_reason", notNullValue());
        as(org).body("{\"enabled\":true,\"url\":\"http://127.0.0.2:10/other\"}").put("/api/v1/webhooks/" + id)
                .then().statusCode(200).body("data.enabled", equalTo(true)).body("data.disabled_reason", nullValue())
                .body("data.url", equalTo("http://127.0.0.2:10/other"));
        as(org).body("{\"enabled\":\"yes\"}").put("/api/v1/webhooks/" + id).then().statusCode(422);
    }

    @Test
    void anotherOrganizationsWebhookIsIndistinguishableFromNone() {
        String org = newOrg();
        String id = subscribe(org, RECEIVER, "[\"contact.created\"]");
        String other = newOrg();
        for (String ref : List.of(id, UUID.randomUUID().toString(), "garbage")) {
            as(other).get("/api/v1/webhooks/" + ref).then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
            as(other).body("{\"enabled\":false}").put("/api/v1/webhooks/" + ref).then().statusCode(404);
            as(other).post("/api/v1/webhooks/" + ref + "/test").then().statusCode(404);
            as(other).post("/api/v1/webhooks/" + ref + "/rotate-secret").then().statusCode(404);
            as(other).get("/api/v1/webhooks/" + ref + "/deliveries").then().statusCode(404);
            as(other).delete("/api/v1/webhooks?id=" + ref).then().statusCode(404);
            as(other).post("/api/v1/webhooks/deliveries/" + ref + "/retry").then().statusCode(404);
        }
        as(other).get("/api/v1/webhooks").then().body("data.webhooks", empty());
        as(org).get("/api/v1/webhooks/" + id).then().statusCode(200).body("data.enabled", equalTo(true));
    }

    @Test
    void aSecretWithControlCharactersIsRefused() {
        String org = newOrg();
        as(org).body("{\"url\":\"" + RECEIVER + "\",\"events\":[\"contact.created\"],\"secret\":\"abc\\u0000defghij\"}")
                .post("/api/v1/webhooks").then().statusCode(422).body("error.fields[0].field", equalTo("secret"));
    }

    @Test
    void aReplayedCreationDoesNotHandTheSecretOutAgain() {
        String org = newOrg();
        String key = java.util.UUID.randomUUID().toString();
        String body = "{\"url\":\"" + RECEIVER + "\",\"events\":[\"contact.created\"]}";
        String secret = as(org).header("Idempotency-Key", key).body(body).post("/api/v1/webhooks")
                .then().statusCode(201).extract().path("data.secret");
        assertTrue(secret.startsWith("whsec_"));
        as(org).header("Idempotency-Key", key).body(body).post("/api/v1/webhooks")
                .then().statusCode(201).header("Idempotent-Replayed", "true")
                .body("data.secret", nullValue()).body("meta.secret_redacted", equalTo(true));
    }

    @Test
    void aDeletedOrganizationsWebhooksAreDeleted() {
        String gone = newOrg();
        String stays = newOrg();
        subscribe(gone, RECEIVER, "[\"contact.created\"]");
        subscribe(stays, RECEIVER, "[\"contact.created\"]");
        com.outreachpilot.platform.testing.TestEvents.publish(com.outreachpilot.platform.events.DomainEvent.of(
                com.outreachpilot.platform.events.EventType.ORG_DELETED, gone, gone, java.util.Map.of("id", gone)));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> as(gone)
                .get("/api/v1/webhooks").then().extract().path("data.webhooks.size()").equals(0));
        as(stays).get("/api/v1/webhooks").then().body("data.webhooks", hasSize(1));
    }
}
