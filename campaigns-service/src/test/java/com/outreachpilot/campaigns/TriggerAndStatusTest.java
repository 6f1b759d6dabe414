package com.outreachpilot.campaigns;

import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.outreachpilot.campaigns.Campaigns.as;
import static com.outreachpilot.campaigns.Campaigns.body;
import static com.outreachpilot.campaigns.Campaigns.count;
import static com.outreachpilot.campaigns.Campaigns.create;
import static com.outreachpilot.campaigns.Campaigns.createActive;
import static com.outreachpilot.campaigns.Campaigns.newOrg;
import static com.outreachpilot.campaigns.Campaigns.seedContact;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
@QuarkusTestResource(ContactsService.class)
@QuarkusTestResource(SmtpSink.class)
class TriggerAndStatusTest {

    @Test
    void triggerWithFieldsFindsOrCreatesTheContactAndAnswersAsTheReference() {
        String org = newOrg();
        // the first step waits 5 minutes, so the member is seen before anything is sent
        String id = create(org, body("Active campaign", 2, 60).replace("\"minutes\":0", "\"minutes\":5"));
        as(org).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        Map<String, Object> data = as(org).body("{\"email\":\"john@acme.com\",\"first_name\":\"John\"}")
                .post("/api/v1/campaigns/" + id + "/trigger").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("data.triggered", equalTo(true))
                .body("data.campaign_id", equalTo(id))
                .body("data.contact_id", notNullValue())
                .extract().path("data");
        assertEquals(3, data.size(), "exactly triggered, campaign_id, contact_id: " + data);
        String contact = (String) data.get("contact_id");

        as(org).get("/api/v1/campaigns/" + id + "/audience").then().statusCode(200)
                .body("data", hasSize(1))
                .body("data[0].contact_id", equalTo(contact))
                .body("data[0].email", equalTo("john@acme.com"))
                .body("data[0].first_name", equalTo("John"))
                .body("data[0].status", equalTo("active"))
                .body("data[0].steps_sent", equalTo(0));

        try (EventTap tap = new EventTap("campaigns.events")) {
            var triggered = tap.await(e -> e.type().equals("campaign.triggered") && e.subject().equals(id), Duration.ofSeconds(60));
            assertEquals(contact, triggered.event().data().path("contact_id").asText());
            assertEquals(org, triggered.event().orgId());
        }
    }

    @Test
    void triggerByContactIdEnrollsThatContactOnce() throws Exception {
        String org = newOrg();
        String id = createActive(org, 2, 60);
        String contact = seedContact(org, "known@corp.io", "active");
        as(org).body("{\"contact_id\":\"" + contact + "\"}").post("/api/v1/campaigns/" + id + "/trigger").then()
                .statusCode(200).body("data.contact_id", equalTo(contact));
        as(org).body("{\"contact_id\":\"" + contact + "\"}").post("/api/v1/campaigns/" + id + "/trigger").then()
                .statusCode(200)
                .body("data.triggered", equalTo(true))
                .body("data.already_enrolled", equalTo(true));
        as(org).body("{\"email\":\"known@corp.io\"}").post("/api/v1/campaigns/" + id + "/trigger").then()
                .statusCode(200).body("data.already_enrolled", equalTo(true));
        assertEquals(1, count("select count(*) from campaigns.enrollment where campaign_id = '" + id + "'"));
        try (EventTap tap = new EventTap("campaigns.events")) {
            var events = tap.collect(e -> e.type().equals("campaign.triggered") && e.subject().equals(id), Duration.ofSeconds(3));
            assertEquals(1, events.size());
        }
    }

    @Test
    void triggerRefusesWhatTheReferenceRefuses() {
        String org = newOrg();
        String draft = create(org, body("Draft", 1, 0));
        String paused = createActive(org, 1, 0);
        as(org).post("/api/v1/campaigns/" + paused + "/pause").then().statusCode(200);
        String active = createActive(org, 1, 0);

        for (String notActive : List.of(draft, paused)) {
            as(org).body("{\"email\":\"a@corp.io\"}").post("/api/v1/campaigns/" + notActive + "/trigger").then()
                    .statusCode(400).body("ok", equalTo(false)).body("error.code", equalTo("CAMPAIGN_NOT_ACTIVE"));
        }
        as(org).body("{\"email\":\"a@corp.io\"}").post("/api/v1/campaigns/" + Campaigns.newOrg() + "/trigger").then()
                .statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        as(org).body("{\"contact_id\":\"" + Campaigns.newOrg() + "\"}").post("/api/v1/campaigns/" + active + "/trigger").then()
                .statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        as(org).body("{\"contact_id\":\"nope\"}").post("/api/v1/campaigns/" + active + "/trigger").then()
                .statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        String elsewhere = seedContact(newOrg(), "other@org.io", "new");
        as(org).body("{\"contact_id\":\"" + elsewhere + "\"}").post("/api/v1/campaigns/" + active + "/trigger").then()
                .statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));

        Map<String, String> bad = Map.of(
                "{}", "email",
                "{\"first_name\":\"Ann\"}", "email",
                "{\"email\":\"not-an-email\"}", "email",
                "{\"email\":42}", "email",
                "{\"contact_id\":\"\"}", "contact_id",
                "{\"contact_id\":\"" + elsewhere + "\",\"email\":\"x@y.io\"}", "contact_id");
        bad.forEach((json, field) -> as(org).body(json).post("/api/v1/campaigns/" + active + "/trigger").then()
                .statusCode(422).body("error.code", equalTo("VALIDATION_ERROR")).body("error.fields[0].field", equalTo(field)));
        as(org).body("[1,2]").post("/api/v1/campaigns/" + active + "/trigger").then().statusCode(422);
        as(org).get("/api/v1/campaigns/" + active + "/status").then().body("data.audience.total", equalTo(0));
    }

    @Test
    void unsubscribedOrBouncedContactsAreNotEnrolled() {
        String org = newOrg();
        String id = createActive(org, 1, 0);
        String gone = seedContact(org, "gone@corp.io", "unsubscribed");
        seedContact(org, "bounced@corp.io", "bounced");
        as(org).body("{\"contact_id\":\"" + gone + "\"}").post("/api/v1/campaigns/" + id + "/trigger").then()
                .statusCode(422).body("error.fields[0].field", equalTo("contact_id"))
                .body("error.fields[0].message", containsString("unsubscribed"));
        as(org).body("{\"email\":\"bounced@corp.io\"}").post("/api/v1/campaigns/" + id + "/trigger").then()
                .statusCode(422).body("error.fields[0].message", containsString("bounced"));
        as(org).get("/api/v1/campaigns/" + id + "/status").then().body("data.audience.total", equalTo(0));
    }

    @Test
    void concurrentTriggersOfOneContactEnrollItOnce() throws Exception {
        String org = newOrg();
        String id = createActive(org, 2, 60);
        String contact = seedContact(org, "racer@corp.io", "new");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String json = i % 2 == 0 ? "{\"contact_id\":\"" + contact + "\"}" : "{\"email\":\"racer@corp.io\"}";
                calls.add(() -> as(org).body(json).post("/api/v1/campaigns/" + id + "/trigger"));
            }
            int fresh = 0;
            for (Future<Response> answer : pool.invokeAll(calls)) {
                Response r = answer.get();
                assertEquals(200, r.statusCode(), r.asString());
                if (r.path("data.already_enrolled") == null) {
                    fresh++;
                }
            }
            assertEquals(1, fresh, "exactly one trigger enrolled the contact");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, count("select count(*) from campaigns.enrollment where campaign_id = '" + id + "'"));
    }

    @Test
    void statusCountsEqualTheAudienceList() throws Exception {
        String org = newOrg();
        String id = createActive(org, 2, 60);
        List<String> contacts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            contacts.add(as(org).body("{\"email\":\"m" + i + "@corp.io\"}").post("/api/v1/campaigns/" + id + "/trigger")
                    .then().statusCode(200).extract().path("data.contact_id"));
        }
        as(org).body("{\"status\":\"paused\"}").put("/api/v1/campaigns/" + id + "/audience/" + contacts.get(0)).then()
                .statusCode(200).body("data.status", equalTo("paused"));
        as(org).body("{\"status\":\"paused\"}").put("/api/v1/campaigns/" + id + "/audience/" + contacts.get(1)).then().statusCode(200);
        as(org).body("{\"status\":\"active\"}").put("/api/v1/campaigns/" + id + "/audience/" + contacts.get(1)).then()
                .statusCode(200).body("data.status", equalTo("active"));
        as(org).body("{\"status\":\"done\"}").put("/api/v1/campaigns/" + id + "/audience/" + contacts.get(1)).then()
                .statusCode(422).body("error.fields[0].field", equalTo("status"));
        as(org).delete("/api/v1/campaigns/" + id + "/audience/" + contacts.get(2)).then().statusCode(200);
        as(org).delete("/api/v1/campaigns/" + id + "/audience/" + contacts.get(2)).then().statusCode(404);
        Campaigns.execute("update campaigns.enrollment set status = 'bounced' where contact_id = '" + contacts.get(3) + "'");
        Campaigns.execute("update campaigns.enrollment set status = 'completed', current_step = 2 where contact_id = '"
                + contacts.get(4) + "'");
        as(org).body("{\"status\":\"active\"}").put("/api/v1/campaigns/" + id + "/audience/" + contacts.get(3)).then()
                .statusCode(422).body("error.fields[0].message", containsString("bounced"));

        Map<String, Object> audience = as(org).get("/api/v1/campaigns/" + id + "/status").then().statusCode(200)
                .body("data.campaign_id", equalTo(id))
                .body("data.name", equalTo("Active campaign"))
                .body("data.status", equalTo("active"))
                .extract().path("data.audience");
        assertEquals(List.of("total", "active", "completed", "paused", "bounced", "failed", "unsubscribed"),
                new ArrayList<>(audience.keySet()));
        assertEquals(Map.of("total", 5, "active", 2, "completed", 1, "paused", 1, "bounced", 1, "failed", 0,
                "unsubscribed", 0), audience);
        for (String state : List.of("active", "completed", "paused", "bounced", "failed")) {
            int listed = as(org).queryParam("status", state).queryParam("limit", 1)
                    .get("/api/v1/campaigns/" + id + "/audience").then().statusCode(200).extract().path("meta.total");
            assertEquals(((Number) audience.get(state)).intValue(), listed, state);
        }
        as(org).queryParam("limit", 2).get("/api/v1/campaigns/" + id + "/audience").then()
                .body("data", hasSize(2)).body("meta.total", equalTo(5)).body("meta.has_more", equalTo(true));
        as(org).queryParam("status", "sleeping").get("/api/v1/campaigns/" + id + "/audience").then()
                .statusCode(422).body("error.fields[0].field", equalTo("status"));
        assertTrue(audience.containsKey("failed"));
        assertNull(audience.get("sent"));
    }

    @Test
    void statusCountsKeptByTheDatabaseMatchTheRowsBeforeAndAfterTheyAreFolded() throws Exception {
        String org = newOrg();
        String id = createActive(org, 2, 60);
        for (int i = 0; i < 30; i++) {
            as(org).body("{\"email\":\"fold" + i + "@corp.io\"}").post("/api/v1/campaigns/" + id + "/trigger")
                    .then().statusCode(200);
        }
        String sent = "select count(*) from campaigns.email where campaign_id = '" + id + "' and step = 0 and status = 'sent'";
        await().atMost(Duration.ofSeconds(60)).until(() -> count(sent) == 30);
        Campaigns.execute("update campaigns.email set opened_at = now() where campaign_id = '" + id + "' and step = 0"
                + " and contact_id in (select contact_id from campaigns.enrollment where campaign_id = '" + id
                + "' order by contact_id limit 7)");
        Campaigns.execute("delete from campaigns.enrollment where campaign_id = '" + id + "' and contact_id in"
                + " (select contact_id from campaigns.enrollment where campaign_id = '" + id + "' order by contact_id desc limit 4)");
        String deltas = "select count(*) from campaigns.campaign_count_delta where campaign_id = '" + id + "'";
        // the fold runs every few seconds, at any moment of this test (it may already have folded some rows):
        // the counts are the same whatever the rows' state, then again once every campaign's rows are folded
        for (int pass = 0; pass < 2; pass++) {
            as(org).get("/api/v1/campaigns/" + id + "/status").then().statusCode(200)
                    .body("data.audience.total", equalTo((int) count("select count(*) from campaigns.enrollment"
                            + " where campaign_id = '" + id + "'")))
                    .body("data.audience.active", equalTo(26))
                    .body("data.steps[0].sent", equalTo((int) count(sent)))
                    .body("data.steps[0].opened", equalTo((int) count("select count(*) from campaigns.email where"
                            + " campaign_id = '" + id + "' and opened_at is not null")))
                    .body("data.steps[1].sent", equalTo(0));
            as(org).queryParam("limit", 1).get("/api/v1/campaigns/" + id + "/audience").then()
                    .body("meta.total", equalTo(26));
            if (pass == 0) {
                // rows that change no sum make sure the campaign has enough rows to be folded again
                Campaigns.execute("insert into campaigns.campaign_count_delta (campaign_id, key, n) select '" + id
                        + "', 'audience:active', 0 from generate_series(1, 20)");
                await().atMost(Duration.ofSeconds(30)).until(() -> count(deltas) <= 3);
            }
        }
    }
}
