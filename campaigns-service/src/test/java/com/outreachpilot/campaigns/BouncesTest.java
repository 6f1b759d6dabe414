package com.outreachpilot.campaigns;

import com.icegreen.greenmail.util.GreenMail;
import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static com.outreachpilot.campaigns.Campaigns.as;
import static com.outreachpilot.campaigns.Campaigns.contactStatus;
import static com.outreachpilot.campaigns.Campaigns.count;
import static com.outreachpilot.campaigns.Campaigns.createActive;
import static com.outreachpilot.campaigns.Campaigns.newOrg;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
@QuarkusTestResource(ContactsService.class)
@QuarkusTestResource(SmtpSink.class)
class BouncesTest {

    GreenMail smtp;

    static String memberStatus(String org, String campaign, String contact) {
        return as(org).get("/api/v1/campaigns/" + campaign + "/audience").then().extract()
                .path("data.find { it.contact_id == '" + contact + "' }.status");
    }

    @Test
    void permanentRefusalBouncesTransientFailuresRetryThenFailAndTheCampaignCompletes() throws Exception {
        String org = newOrg();
        String d = "b" + UUID.randomUUID().toString().substring(0, 8) + ".io";
        String id = createActive(org, 2, 60);
        String bounced = as(org).body("{\"email\":\"bounce-me@" + d + "\"}").post("/api/v1/campaigns/" + id + "/trigger")
                .then().statusCode(200).extract().path("data.contact_id");
        String busy = as(org).body("{\"email\":\"busy-box@" + d + "\"}").post("/api/v1/campaigns/" + id + "/trigger")
                .then().statusCode(200).extract().path("data.contact_id");

        await().atMost(Duration.ofSeconds(60)).until(() -> "bounced".equals(memberStatus(org, id, bounced)));
        // the first attempt failed for now: retried after the back-off (2 s in tests), then given up (2 attempts)
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from campaigns.email where contact_id = '"
                + busy + "' and status = 'deferred'") == 1 || "failed".equals(memberStatus(org, id, busy)));
        await().atMost(Duration.ofSeconds(60)).until(() -> "failed".equals(memberStatus(org, id, busy)));
        assertEquals(2, count("select attempts from campaigns.email where contact_id = '" + busy + "'"));
        assertEquals(0, smtp.getReceivedMessagesForDomain(d).length);

        as(org).get("/api/v1/campaigns/" + id + "/status").then().statusCode(200)
                .body("data.audience.total", equalTo(2))
                .body("data.audience.bounced", equalTo(1))
                .body("data.audience.failed", equalTo(1))
                .body("data.audience.active", equalTo(0))
                .body("data.status", equalTo("completed"))
                .body("data.steps[0].bounced", equalTo(1))
                .body("data.steps[0].sent", equalTo(0));

        // contacts-service took the bounce from campaigns.events
        await().atMost(Duration.ofSeconds(60)).until(() -> "bounced".equals(contactStatus(org, bounced)));
        String other = createActive(org, 1, 0);
        as(org).body("{\"contact_id\":\"" + bounced + "\"}").post("/api/v1/campaigns/" + other + "/trigger").then()
                .statusCode(422).body("error.fields[0].message", containsString("bounced"));
        as(org).body("{\"email\":\"x@y.io\"}").post("/api/v1/campaigns/" + id + "/trigger").then()
                .statusCode(400).body("error.code", equalTo("CAMPAIGN_NOT_ACTIVE"));

        try (EventTap tap = new EventTap("campaigns.events")) {
            var bounce = tap.await(e -> e.type().equals("email.bounced") && e.subject().equals(bounced), Duration.ofSeconds(60));
            assertTrue(bounce.event().data().path("reason").asText().startsWith("550"), bounce.event().data().toString());
            assertEquals(id, bounce.event().data().path("campaign_id").asText());
            var completed = tap.await(e -> e.type().equals("campaign.completed") && e.subject().equals(id), Duration.ofSeconds(60));
            assertEquals(org, completed.key());
            tap.await(e -> e.type().equals("campaign.updated") && e.subject().equals(id)
                    && e.data().path("status").asText().equals("completed")
                    && e.data().path("previous_status").asText().equals("active"), Duration.ofSeconds(5));
            assertEquals(0, tap.seen(e -> e.type().equals("email.sent") && e.data().path("campaign_id").asText().equals(id)).size());
        }
    }
}
