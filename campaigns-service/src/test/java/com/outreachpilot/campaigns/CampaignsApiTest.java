package com.outreachpilot.campaigns;

import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.outreachpilot.campaigns.Campaigns.as;
import static com.outreachpilot.campaigns.Campaigns.body;
import static com.outreachpilot.campaigns.Campaigns.create;
import static com.outreachpilot.campaigns.Campaigns.execute;
import static com.outreachpilot.campaigns.Campaigns.newOrg;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
@QuarkusTestResource(ContactsService.class)
@QuarkusTestResource(SmtpSink.class)
class CampaignsApiTest {

    @Test
    void createsADraftAndReadsItBack() {
        String org = newOrg();
        String id = create(org, body("Welcome", 2, 60));
        as(org).get("/api/v1/campaigns/" + id).then().statusCode(200)
                .body("ok", equalTo(true))
                .body("data.id", equalTo(id))
                .body("data.name", equalTo("Welcome"))
                .body("data.status", equalTo("draft"))
                .body("data.sender.from_email", equalTo("ann@seller.io"))
                .body("data.sender.reply_to", equalTo("replies@seller.io"))
                .body("data.steps", hasSize(2))
                .body("data.steps[1].delay.minutes", equalTo(60))
                .body("data.steps[0].subject", equalTo("Step 1 for {{first_name|there}}"))
                .body("data.schedule.timezone", equalTo("UTC"))
                .body("data.settings.daily_limit", equalTo(500))
                .body("data.settings.track_opens", equalTo(true))
                .body("data.created_at", notNullValue());
    }

    @Test
    void publishesCampaignCreatedAndStatusChangesWithTheOldStatus() {
        String org = newOrg();
        String id = create(org, body("Events", 1, 0));
        as(org).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200).body("data.status", equalTo("active"));
        as(org).post("/api/v1/campaigns/" + id + "/pause").then().statusCode(200).body("data.status", equalTo("paused"));
        try (EventTap tap = new EventTap("campaigns.events")) {
            var created = tap.await(e -> e.type().equals("campaign.created") && e.subject().equals(id), Duration.ofSeconds(60));
            assertEquals(org, created.key());
            assertEquals("draft", created.event().data().path("status").asText());
            var paused = tap.await(e -> e.type().equals("campaign.updated") && e.subject().equals(id)
                    && e.data().path("status").asText().equals("paused"), Duration.ofSeconds(60));
            assertEquals("active", paused.event().data().path("previous_status").asText());
            var activated = tap.seen(e -> e.type().equals("campaign.updated") && e.subject().equals(id)
                    && e.data().path("status").asText().equals("active"));
            assertEquals(1, activated.size());
            assertEquals("draft", activated.get(0).event().data().path("previous_status").asText());
        }
    }

    @Test
    void listsAnOrganizationsCampaignsPagedAndFilteredByStatus() {
        String org = newOrg();
        String first = create(org, body("First", 1, 0));
        String second = create(org, body("Second", 1, 0));
        String third = create(org, body("Third", 1, 0));
        as(org).post("/api/v1/campaigns/" + second + "/activate").then().statusCode(200);
        create(newOrg(), body("Someone else's", 1, 0));

        as(org).queryParam("limit", 2).get("/api/v1/campaigns").then().statusCode(200)
                .body("data.id", contains(first, second))
                .body("meta.total", equalTo(3))
                .body("meta.has_more", equalTo(true));
        as(org).queryParam("limit", 2).queryParam("offset", 2).get("/api/v1/campaigns").then().statusCode(200)
                .body("data.id", contains(third))
                .body("meta.has_more", equalTo(false));
        as(org).queryParam("status", "active").get("/api/v1/campaigns").then().statusCode(200)
                .body("data.id", contains(second))
                .body("meta.total", equalTo(1));
        as(org).queryParam("status", "running").get("/api/v1/campaigns").then().statusCode(422)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.fields[0].field", equalTo("status"));
        as(org).queryParam("limit", "lots").get("/api/v1/campaigns").then().statusCode(422)
                .body("error.fields[0].field", equalTo("limit"));
    }

    @Test
    void refusesBadBodiesNamingTheField() {
        String org = newOrg();
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{}", "name"),
                Map.entry("{\"name\":\"  \"}", "name"),
                Map.entry("{\"name\":5}", "name"),
                Map.entry("{\"name\":\"x\",\"sender\":{\"from_name\":\"A\",\"from_email\":\"not-an-email\"}}", "sender.from_email"),
                Map.entry("{\"name\":\"x\",\"sender\":{\"from_email\":\"a@b.io\"}}", "sender.from_name"),
                Map.entry("{\"name\":\"x\",\"steps\":[{\"body\":\"hi\"}]}", "steps[0].subject"),
                Map.entry("{\"name\":\"x\",\"steps\":[{\"subject\":\"s\",\"body\":\"b\",\"delay\":{\"days\":-1}}]}", "steps[0].delay.days"),
                Map.entry("{\"name\":\"x\",\"steps\":\"many\"}", "steps"),
                Map.entry("{\"name\":\"x\",\"steps\":[null]}", "steps[0]"),
                Map.entry("{\"name\":\"x\",\"steps\":[{\"subject\":\"s\",\"body\":\"Hi {{nickname}}\"}]}", "steps[0].body"),
                Map.entry("{\"name\":\"x\",\"steps\":[{\"subject\":\"{{#first_name}}open\",\"body\":\"b\"}]}", "steps[0].subject"),
                Map.entry("{\"name\":\"x\",\"steps\":[{\"subject\":\"s\",\"body\":\"b\",\"html_body\":\"{{> header}}\"}]}", "steps[0].html_body"),
                Map.entry("{\"name\":\"x\",\"steps\":[{\"subject\":\"s\",\"body\":\"b\",\"html_body\":\"<p>{{{first_name}}}</p>\"}]}", "steps[0].html_body"),
                Map.entry("{\"name\":\"x\",\"schedule\":{\"timezone\":\"Mars/Olympus\"}}", "schedule.timezone"),
                Map.entry("{\"name\":\"x\",\"schedule\":{\"days\":[\"monday\"]}}", "schedule.days[0]"),
                Map.entry("{\"name\":\"x\",\"schedule\":{\"start\":\"9am\"}}", "schedule.start"),
                Map.entry("{\"name\":\"x\",\"schedule\":{\"start\":\"17:00\",\"end\":\"09:00\"}}", "schedule.end"),
                Map.entry("{\"name\":\"x\",\"settings\":{\"daily_limit\":0}}", "settings.daily_limit"),
                Map.entry("{\"name\":\"x\",\"settings\":{\"track_opens\":\"yes\"}}", "settings.track_opens"));
        cases.forEach((json, field) -> as(org).body(json).post("/api/v1/campaigns").then()
                .statusCode(422)
                .body("ok", equalTo(false))
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.fields.field", hasItem(field)));
        as(org).body("{\"name\":\"x\",\"steps\":[{\"subject\":\"s\",\"body\":\"Hi {{nickname}}\"}]}").post("/api/v1/campaigns")
                .then().statusCode(422).body("error.details", containsString("nickname"));
        as(org).body("not json").post("/api/v1/campaigns").then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"));
        as(org).get("/api/v1/campaigns").then().body("meta.total", equalTo(0));
    }

    @Test
    void acceptsEveryDocumentedTemplateVariable() {
        String org = newOrg();
        as(org).body("{\"name\":\"Vars\",\"steps\":[{\"subject\":\"{{first_name|there}} {{last_name}}\","
                        + "\"body\":\"{{company}} {{title}} {{email}} {{context.industry|your industry}}\"}]}")
                .post("/api/v1/campaigns").then().statusCode(201);
    }

    @Test
    void updatesOnlyTheGivenFields() {
        String org = newOrg();
        String id = create(org, body("Before", 1, 0));
        as(org).body("{\"name\":\"After\",\"schedule\":{\"timezone\":\"Europe/Paris\",\"start\":\"09:00\",\"end\":\"17:00\"},"
                        + "\"settings\":{\"daily_limit\":50}}")
                .put("/api/v1/campaigns/" + id).then().statusCode(200)
                .body("data.name", equalTo("After"))
                .body("data.steps", hasSize(1))
                .body("data.sender.from_name", equalTo("Ann Seller"))
                .body("data.schedule.timezone", equalTo("Europe/Paris"))
                .body("data.schedule.days", hasSize(7))
                .body("data.schedule.end", equalTo("17:00"))
                .body("data.settings.daily_limit", equalTo(50))
                .body("data.settings.track_clicks", equalTo(true));
        as(org).body("{\"name\":\"\"}").put("/api/v1/campaigns/" + id).then().statusCode(422)
                .body("error.fields[0].field", equalTo("name"));
    }

    @Test
    void activationNeedsASenderAndASteps() {
        String org = newOrg();
        String id = create(org, "{\"name\":\"Empty\"}");
        as(org).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(422)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.fields.field", contains("sender", "steps"));
        as(org).get("/api/v1/campaigns/" + id).then().body("data.status", equalTo("draft"));
        as(org).post("/api/v1/campaigns/" + id + "/pause").then().statusCode(400)
                .body("error.code", equalTo("CAMPAIGN_NOT_ACTIVE"));
    }

    @Test
    void stepsSomeoneIsOnCannotBeRemoved() throws Exception {
        String org = newOrg();
        String id = Campaigns.createActive(org, 3, 60);
        as(org).body("{\"email\":\"on-step@corp.io\"}").post("/api/v1/campaigns/" + id + "/trigger").then().statusCode(200);
        // the first step (no delay) goes out; then the campaign is paused so the sequencer leaves it be
        await().atMost(Duration.ofSeconds(60)).until(() -> as(org)
                .get("/api/v1/campaigns/" + id + "/audience").then().extract().<Integer>path("data[0].steps_sent") == 1);
        as(org).post("/api/v1/campaigns/" + id + "/pause").then().statusCode(200);
        execute("update campaigns.enrollment set current_step = 2 where campaign_id = '" + id + "'");
        as(org).body(body("Shorter", 2, 60).replace("\"name\":\"Shorter\",", ""))
                .put("/api/v1/campaigns/" + id).then().statusCode(422)
                .body("error.fields[0].field", equalTo("steps"))
                .body("error.fields[0].message", containsString("at least 3 steps"));
        as(org).body(body("Longer", 4, 60).replace("\"name\":\"Longer\",", ""))
                .put("/api/v1/campaigns/" + id).then().statusCode(200).body("data.steps", hasSize(4));
        as(org).body("{\"steps\":[]}").put("/api/v1/campaigns/" + id).then().statusCode(422)
                .body("error.fields[0].field", equalTo("steps"));
    }

    @Test
    void anotherOrganizationsCampaignIsNotFoundEverywhere() {
        String owner = newOrg();
        String id = Campaigns.createActive(owner, 1, 0);
        String stranger = newOrg();
        String contact = Campaigns.seedContact(stranger, "mine@stranger.io", "new");
        List.of("", "/status", "/audience").forEach(path -> as(stranger).get("/api/v1/campaigns/" + id + path).then()
                .statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND")));
        as(stranger).body("{\"name\":\"Taken\"}").put("/api/v1/campaigns/" + id).then().statusCode(404);
        as(stranger).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(404);
        as(stranger).post("/api/v1/campaigns/" + id + "/pause").then().statusCode(404);
        as(stranger).body("{\"contact_id\":\"" + contact + "\"}").post("/api/v1/campaigns/" + id + "/trigger").then()
                .statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        as(stranger).body("{\"status\":\"paused\"}").put("/api/v1/campaigns/" + id + "/audience/" + contact).then().statusCode(404);
        as(stranger).delete("/api/v1/campaigns/" + id + "/audience/" + contact).then().statusCode(404);
        as(stranger).delete("/api/v1/campaigns/" + id).then().statusCode(404);
        as(owner).get("/api/v1/campaigns/" + id).then().statusCode(200).body("data.name", equalTo("Active campaign"));
        as(owner).get("/api/v1/campaigns/not-a-uuid").then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        given().get("/api/v1/campaigns/" + id).then().statusCode(401);
    }

    @Test
    void deletedCampaignsDisappear() {
        String org = newOrg();
        String id = create(org, body("Gone", 1, 0));
        as(org).delete("/api/v1/campaigns/" + id).then().statusCode(200).body("data.deleted", equalTo(true));
        as(org).get("/api/v1/campaigns/" + id).then().statusCode(404);
        as(org).get("/api/v1/campaigns").then().body("meta.total", equalTo(0)).body("data", hasSize(0));
        as(org).get("/api/v1/campaigns/" + id + "/status").then().statusCode(404).body("data", nullValue());
        // subscribers learn of it; deleting again is a 404 and no second event
        as(org).delete("/api/v1/campaigns/" + id).then().statusCode(404);
        try (EventTap tap = new EventTap("campaigns.events")) {
            var deleted = tap.await(e -> e.type().equals("campaign.deleted") && e.subject().equals(id), Duration.ofSeconds(60));
            assertEquals("Gone", deleted.event().data().path("name").asText());
            assertEquals(id, deleted.event().data().path("id").asText());
            assertEquals(1, tap.seen(e -> e.type().equals("campaign.deleted") && e.subject().equals(id)).size());
        }
    }

    @Test
    void aContactsCampaignsAreListedWithItsStateInEach() {
        String org = newOrg();
        String first = Campaigns.createActive(org, 2, 60);
        String second = Campaigns.createActive(org, 1, 0);
        String gone = Campaigns.createActive(org, 1, 0);
        String contact = as(org).body("{\"email\":\"in-two@corp.io\"}").post("/api/v1/campaigns/" + first + "/trigger")
                .then().statusCode(200).extract().path("data.contact_id");
        String other = as(org).body("{\"email\":\"in-one@corp.io\"}").post("/api/v1/campaigns/" + second + "/trigger")
                .then().statusCode(200).extract().path("data.contact_id");
        for (String c : List.of(second, gone)) {
            as(org).body("{\"contact_id\":\"" + contact + "\"}").post("/api/v1/campaigns/" + c + "/trigger").then().statusCode(200);
        }
        as(org).delete("/api/v1/campaigns/" + gone).then().statusCode(200);
        as(org).get("/api/v1/campaigns/enrollments?contact_id=" + contact).then().statusCode(200)
                .body("data", hasSize(2))
                .body("data.campaign_id", contains(first, second))
                .body("data[0].campaign_name", equalTo("Active campaign"))
                .body("data[0].campaign_status", equalTo("active"))
                .body("data[0].contact_id", equalTo(contact))
                .body("data[0].email", equalTo("in-two@corp.io"))
                .body("data[0].status", notNullValue())
                .body("meta.total", equalTo(2));
        as(org).get("/api/v1/campaigns/enrollments?contact_id=" + contact + "," + other + "&limit=2&offset=2").then()
                .statusCode(200).body("data", hasSize(1)).body("data[0].contact_id", equalTo(contact))
                .body("data[0].campaign_id", equalTo(second)).body("meta.total", equalTo(3));
        as(org).get("/api/v1/campaigns/enrollments?contact_id=" + other).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].campaign_id", equalTo(second));
        // another organization sees nothing of them
        as(newOrg()).get("/api/v1/campaigns/enrollments?contact_id=" + contact).then().statusCode(200)
                .body("data", hasSize(0)).body("meta.total", equalTo(0));
        for (String bad : List.of("", "nope", contact + ",x", String.join(",", java.util.Collections.nCopies(101, contact)))) {
            as(org).get("/api/v1/campaigns/enrollments?contact_id=" + bad).then().statusCode(422)
                    .body("error.fields[0].field", equalTo("contact_id"));
        }
        as(org).get("/api/v1/campaigns/enrollments").then().statusCode(422);
    }
}
