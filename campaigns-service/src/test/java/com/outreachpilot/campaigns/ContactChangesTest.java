package com.outreachpilot.campaigns;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestEvents;
import com.outreachpilot.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.outreachpilot.campaigns.Campaigns.as;
import static com.outreachpilot.campaigns.Campaigns.createActive;
import static com.outreachpilot.campaigns.Campaigns.newOrg;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
@QuarkusTestResource(ContactsService.class)
@QuarkusTestResource(SmtpSink.class)
class ContactChangesTest {

    /** As contacts-service's outbox relay publishes it: keyed by organization, with the event-type header. */
    static void publish(DomainEvent event) {
        TestEvents.publish(event);
    }

    static Map<String, Object> contact(String id, String email, String firstName, String status) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", id);
        data.put("email", email);
        data.put("first_name", firstName);
        data.put("last_name", null);
        data.put("company", "NewCo");
        data.put("title", "CTO");
        data.put("status", status);
        data.put("context", Map.of("industry", "robots"));
        return data;
    }

    static io.restassured.specification.RequestSpecification inContacts(String org) {
        return given().header("Authorization", TestTokens.bearer("contacts-service", org)).contentType("application/json");
    }

    static String contacts(String id) {
        return ContactsService.url() + "/api/v1/contacts/" + id;
    }

    static Object member(String org, String campaign, String contact, String field) {
        return as(org).get("/api/v1/campaigns/" + campaign + "/audience").then().extract()
                .path("data.find { it.contact_id == '" + contact + "' }." + field);
    }

    @Test
    void contactEventsKeepTheAudienceFresh() throws Exception {
        String org = newOrg();
        String id = createActive(org, 2, 60);
        String kept = as(org).body("{\"email\":\"kept@changes.io\",\"first_name\":\"Old\"}")
                .post("/api/v1/campaigns/" + id + "/trigger").then().statusCode(200).extract().path("data.contact_id");
        String gone = as(org).body("{\"email\":\"gone@changes.io\"}")
                .post("/api/v1/campaigns/" + id + "/trigger").then().statusCode(200).extract().path("data.contact_id");
        String quits = as(org).body("{\"email\":\"quits@changes.io\"}")
                .post("/api/v1/campaigns/" + id + "/trigger").then().statusCode(200).extract().path("data.contact_id");

        // changed in contacts-service itself, whose outbox publishes the events campaigns-service consumes
        inContacts(org).body("{\"first_name\":\"Renamed\",\"company\":\"NewCo\"}").put(contacts(kept))
                .then().statusCode(200);
        inContacts(org).delete(contacts(gone)).then().statusCode(200);
        inContacts(org).body("{\"status\":\"unsubscribed\"}").put(contacts(quits)).then().statusCode(200);
        // an event delivered twice is handled once
        DomainEvent renamed = DomainEvent.of(EventType.CONTACT_UPDATED, org, kept,
                contact(kept, "kept@changes.io", "Renamed", "active"));
        publish(renamed);
        publish(renamed);
        // another organization's event about the same contact id changes nothing here
        publish(DomainEvent.of(EventType.CONTACT_DELETED, newOrg(), kept, Map.of("id", kept, "deleted", true)));

        await().atMost(Duration.ofSeconds(60)).until(() -> "Renamed".equals(member(org, id, kept, "first_name")));
        await().atMost(Duration.ofSeconds(60)).until(() -> member(org, id, gone, "status") == null);
        await().atMost(Duration.ofSeconds(60)).until(() -> "unsubscribed".equals(member(org, id, quits, "status")));
        as(org).get("/api/v1/campaigns/" + id + "/audience").then()
                .body("meta.total", equalTo(2))
                .body("data.find { it.contact_id == '" + kept + "' }.company", equalTo("NewCo"));
        as(org).get("/api/v1/campaigns/" + id + "/status").then()
                .body("data.audience.total", equalTo(2))
                .body("data.audience.unsubscribed", equalTo(1));
        List<String> ids = as(org).get("/api/v1/campaigns/" + id + "/audience").then().extract().path("data.contact_id");
        assertTrue(ids.contains(kept));
    }

    @Test
    void aCampaignWhoseLastOpenMemberLeavesThroughAContactEventCompletes() {
        String org = newOrg();
        String bounces = createActive(org, 2, 60);
        String deleted = createActive(org, 2, 60);
        String bouncer = as(org).body("{\"email\":\"marked@changes.io\"}")
                .post("/api/v1/campaigns/" + bounces + "/trigger").then().statusCode(200).extract().path("data.contact_id");
        String leaver = as(org).body("{\"email\":\"leaver@changes.io\"}")
                .post("/api/v1/campaigns/" + deleted + "/trigger").then().statusCode(200).extract().path("data.contact_id");
        // each campaign also had a member who already left it for good
        String done = as(org).body("{\"email\":\"done@changes.io\"}")
                .post("/api/v1/campaigns/" + bounces + "/trigger").then().statusCode(200).extract().path("data.contact_id");
        as(org).body("{\"contact_id\":\"" + done + "\"}").post("/api/v1/campaigns/" + deleted + "/trigger").then().statusCode(200);
        publish(DomainEvent.of(EventType.CONTACT_UPDATED, org, done, contact(done, "done@changes.io", null, "unsubscribed")));
        await().atMost(Duration.ofSeconds(60)).until(() -> "unsubscribed".equals(member(org, bounces, done, "status"))
                && "unsubscribed".equals(member(org, deleted, done, "status")));
        as(org).get("/api/v1/campaigns/" + bounces).then().body("data.status", equalTo("active"));

        publish(DomainEvent.of(EventType.CONTACT_UPDATED, org, bouncer, contact(bouncer, "marked@changes.io", null, "bounced")));
        publish(DomainEvent.of(EventType.CONTACT_DELETED, org, leaver, Map.of("id", leaver, "deleted", true)));
        for (String campaign : List.of(bounces, deleted)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(
                    as(org).get("/api/v1/campaigns/" + campaign).then().extract().path("data.status")));
        }
    }

    @Test
    void aReplyEndsTheSequenceOfCampaignsThatStopOnReplyOnly() {
        String org = newOrg();
        String stops = activeWith(org, "{\"stop_on_reply\":true}");
        String goesOn = activeWith(org, "{\"stop_on_reply\":false}");
        String contact = as(org).body("{\"email\":\"replier@changes.io\"}")
                .post("/api/v1/campaigns/" + stops + "/trigger").then().statusCode(200).extract().path("data.contact_id");
        as(org).body("{\"contact_id\":\"" + contact + "\"}").post("/api/v1/campaigns/" + goesOn + "/trigger").then().statusCode(200);
        publish(DomainEvent.of(EventType.CONTACT_UPDATED, org, contact, contact(contact, "replier@changes.io", null, "replied")));
        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(member(org, stops, contact, "status")));
        // the one who replied was its last member: the campaign completes; the other campaign keeps sending
        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(
                as(org).get("/api/v1/campaigns/" + stops).then().extract().path("data.status")));
        assertEquals("active", member(org, goesOn, contact, "status"));
        as(org).get("/api/v1/campaigns/" + goesOn).then().body("data.status", equalTo("active"));
    }

    static String activeWith(String org, String settings) {
        String json = com.outreachpilot.campaigns.Campaigns.body("Replies", 2, 60);
        json = json.substring(0, json.length() - 1) + ",\"settings\":" + settings + "}";
        String id = com.outreachpilot.campaigns.Campaigns.create(org, json);
        as(org).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        return id;
    }
}
