package com.outreachpilot.campaigns;

import com.icegreen.greenmail.util.GreenMail;
import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.outreachpilot.campaigns.Campaigns.as;
import static com.outreachpilot.campaigns.Campaigns.contactStatus;
import static com.outreachpilot.campaigns.Campaigns.createActive;
import static com.outreachpilot.campaigns.Campaigns.newOrg;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
@QuarkusTestResource(ContactsService.class)
@QuarkusTestResource(SmtpSink.class)
class TrackingTest {

    GreenMail smtp;

    List<MimeMessage> to(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getRecipients(Message.RecipientType.TO)[0].toString().equalsIgnoreCase(address)) {
                found.add(m);
            }
        }
        return found;
    }

    /** Every text part of the message, decoded. */
    static String text(Part part) throws Exception {
        if (part.isMimeType("text/*")) {
            return (String) part.getContent();
        }
        StringBuilder all = new StringBuilder();
        if (part.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart child = multipart.getBodyPart(i);
                all.append(text(child)).append('\n');
            }
        }
        return all.toString();
    }

    static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return m.group(1);
    }

    @Test
    void opensClicksAndOneClickUnsubscribeAreRecordedAndStopEveryCampaign() throws Exception {
        String org = newOrg();
        String address = "reader@" + UUID.randomUUID().toString().substring(0, 8) + ".io";
        String id = createActive(org, 2, 60);
        String other = createActive(org, 2, 60);
        String contact = as(org).body("{\"email\":\"" + address + "\",\"first_name\":\"Rita\"}")
                .post("/api/v1/campaigns/" + id + "/trigger").then().statusCode(200).extract().path("data.contact_id");
        await().atMost(Duration.ofSeconds(60)).until(() -> to(address).size() == 1);
        as(org).body("{\"contact_id\":\"" + contact + "\"}").post("/api/v1/campaigns/" + other + "/trigger").then().statusCode(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> to(address).size() == 2);

        MimeMessage mail = to(address).get(0);
        String body = text(mail);
        String listUnsubscribe = mail.getHeader("List-Unsubscribe")[0];
        assertEquals("List-Unsubscribe=One-Click", mail.getHeader("List-Unsubscribe-Post")[0]);
        String unsubscribe = first(listUnsubscribe, "<http://links\\.test(/t/u/[A-Za-z0-9_-]+)>");
        String open = first(body, "http://links\\.test(/t/o/[A-Za-z0-9_-]+)");
        String click = first(body, "http://links\\.test(/t/c/[A-Za-z0-9_-]+)");
        assertFalse(body.contains("https://seller.io/offer/1"), "links are rewritten: " + body);
        assertFalse(unsubscribe.contains(contact) || open.contains(contact) || click.contains(id), "tokens carry no ids");

        given().get(open).then().statusCode(200).contentType("image/gif");
        given().get(open).then().statusCode(200);
        given().redirects().follow(false).get(click).then().statusCode(302).header("Location", "https://seller.io/offer/1");
        as(org).get("/api/v1/campaigns/" + id + "/audience").then()
                .body("data[0].last_opened_at", notNullValue())
                .body("data[0].last_clicked_at", notNullValue());

        as(org).get("/api/v1/campaigns/" + id + "/status").then()
                .body("data.steps[0].sent", equalTo(1))
                .body("data.steps[0].opened", equalTo(1))
                .body("data.steps[0].clicked", equalTo(1))
                .body("data.steps[1].sent", equalTo(0));

        // forged or misused tokens: a plain 404 page
        String forged = click.substring(0, click.length() - 3) + (click.endsWith("AAA") ? "BBB" : "AAA");
        for (String path : List.of(forged, "/t/c/not-a-token", open.replace("/t/o/", "/t/c/"), click.replace("/t/c/", "/t/u/"))) {
            given().redirects().follow(false).get(path).then().statusCode(404).contentType(containsString("text/html"))
                    .body(not(containsString("Exception")));
        }
        given().post(forged.replace("/t/c/", "/t/u/")).then().statusCode(404);

        given().get(unsubscribe).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<form method=\"post\""));
        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").post(unsubscribe)
                .then().statusCode(200).body(containsString("unsubscribed"));
        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").post(unsubscribe)
                .then().statusCode(200);

        for (String campaign : List.of(id, other)) {
            as(org).get("/api/v1/campaigns/" + campaign + "/audience").then().body("data[0].status", equalTo("unsubscribed"));
            as(org).get("/api/v1/campaigns/" + campaign + "/status").then()
                    .body("data.audience.unsubscribed", equalTo(1))
                    .body("data.audience.active", equalTo(0))
                    .body("data.status", equalTo("completed"));
        }
        // contacts-service took the unsubscription from campaigns.events
        await().atMost(Duration.ofSeconds(60)).until(() -> "unsubscribed".equals(contactStatus(org, contact)));
        TestClock.advance(Duration.ofMinutes(61));
        Thread.sleep(1500);
        assertEquals(2, to(address).size(), "no further step reaches an unsubscribed contact");
        String third = createActive(org, 1, 0);
        as(org).body("{\"contact_id\":\"" + contact + "\"}").post("/api/v1/campaigns/" + third + "/trigger").then()
                .statusCode(422).body("error.fields[0].message", containsString("unsubscribed"));

        try (EventTap tap = new EventTap("campaigns.events")) {
            var opened = tap.await(e -> e.type().equals("email.opened") && e.subject().equals(contact), Duration.ofSeconds(60));
            assertEquals(id, opened.event().data().path("campaign_id").asText());
            assertEquals(1, opened.event().data().path("step").asInt());
            var clicked = tap.await(e -> e.type().equals("email.clicked") && e.subject().equals(contact), Duration.ofSeconds(60));
            assertEquals("https://seller.io/offer/1", clicked.event().data().path("url").asText());
            tap.await(e -> e.type().equals("contact.unsubscribed") && e.subject().equals(contact), Duration.ofSeconds(60));
            var all = tap.collect(e -> e.subject().equals(contact), Duration.ofSeconds(1));
            assertEquals(1, all.stream().filter(r -> r.event().type().equals("email.opened")).count(), "first open only");
            assertEquals(1, all.stream().filter(r -> r.event().type().equals("contact.unsubscribed")).count());
            assertEquals(org, all.get(0).key());
        }
    }
}
