package com.outreachpilot.system;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.equalTo;

/**
 * A campaign driven only through the gateway, against the real contacts-service: a trigger with new contact
 * fields creates the contact there (find-or-create with the caller's token) and enrolls it once.
 */
class CampaignsEndToEndTest {

    static final Map<String, Object> CAMPAIGN = Map.of(
            "name", "System welcome",
            "sender", Map.of("from_name", "Ann Seller", "from_email", "ann@seller.io"),
            // a second step two days later keeps the enrollment active whatever becomes of the first email
            "steps", List.of(Map.of("subject", "Hi {{first_name|there}}", "body", "Hello {{first_name|there}}"),
                    Map.of("subject", "Following up", "body", "Any thoughts?", "delay", Map.of("days", 2))),
            "schedule", Map.of("timezone", "UTC", "days", List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
                    "start", "00:00", "end", "23:59"),
            "settings", Map.of("daily_limit", 100));

    @Test
    void aTriggerWithNewContactFieldsCreatesTheContactAndEnrollsItOnce() {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        String id = Gateway.withKey(key).body(CAMPAIGN).post("/api/v1/campaigns").then().statusCode(201)
                .extract().path("data.id");
        Gateway.withKey(key).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        String trigger = "/api/v1/campaigns/" + id + "/trigger";
        String contact = Gateway.withKey(key).body(Map.of("email", "eve@e2e-campaign.io", "first_name", "Eve"))
                .post(trigger).then().statusCode(200)
                .body("data.triggered", equalTo(true)).body("data.campaign_id", equalTo(id))
                .extract().path("data.contact_id");
        // the contact lives in contacts-service, as the trigger gave it
        Gateway.withKey(key).get("/api/v1/contacts/" + contact).then().statusCode(200)
                .body("data.email", equalTo("eve@e2e-campaign.io")).body("data.first_name", equalTo("Eve"));
        // the same person again is the same contact, enrolled once
        Gateway.withKey(key).body(Map.of("email", "EVE@e2e-campaign.io")).post(trigger).then().statusCode(200)
                .body("data.contact_id", equalTo(contact)).body("data.already_enrolled", equalTo(true));
        Gateway.withKey(key).get("/api/v1/campaigns/" + id + "/status").then().statusCode(200)
                .body("data.audience.total", equalTo(1));
        // another organization's campaign behaves as one that does not exist
        String other = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        Gateway.withKey(other).body(Map.of("email", "x@e2e-campaign.io")).post(trigger).then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        Gateway.withKey(other).get("/api/v1/campaigns/" + id).then().statusCode(404);
    }
}
