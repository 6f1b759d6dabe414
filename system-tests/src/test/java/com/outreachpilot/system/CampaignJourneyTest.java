package com.outreachpilot.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A campaign as its recipients and its owner's systems meet it, only through the gateway's API, the SMTP sink and
 * a webhook receiver: a trigger with new contact fields creates and enrolls the contact, the personalized emails
 * arrive in order, the open pixel and a click produce {@code email.opened} and {@code email.clicked} webhooks
 * with valid Standard Webhooks signatures, a click redirects to the link that was in the email, one-click
 * unsubscribe ends the sequence and sets the contact's status, and a finished audience emits
 * {@code campaign.completed}.
 */
class CampaignJourneyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> EVENTS = List.of("email.sent", "email.opened", "email.clicked",
            "contact.unsubscribed", "campaign.completed");

    static WebhookReceiver receiver;

    @BeforeAll
    static void startReceiver() {
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stopReceiver() {
        receiver.close();
    }

    @Test
    void aCampaignFromTriggerToCompletionAsRecipientsAndReceiversSeeIt() throws Exception {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        String secret = Gateway.withKey(key).body(Map.of("url", receiver.url("/journey"), "events", EVENTS))
                .post("/api/v1/webhooks").then().statusCode(201)
                .extract().path("data.secret");
        // Mia's campaign: three steps without delays, sent one after the other
        String campaign = createActive(key, "Journey", List.of(
                Map.of("subject", "Hi {{first_name|there}}", "body", "Hello {{first_name}} at {{company}}."),
                Map.of("subject", "Second for {{first_name}}", "body", "Still there, {{first_name}}?"),
                Map.of("subject", "Last for {{first_name}}", "body", "Goodbye, {{first_name}}.")));
        // Leo's: tracked links, and a second step two days later that his unsubscribing must cancel
        String followUp = createActive(key, "Journey follow-up", List.of(
                Map.of("subject", "Hi {{first_name|there}}", "body", "Hello {{first_name}}: https://seller.io/offer?a=1&b=2",
                        "html_body", "<p>Hello {{first_name}}, <a href=\"https://seller.io/offer?a=1&amp;b=2\">the offer</a></p>"),
                Map.of("subject", "Following up", "body", "Any thoughts, {{first_name}}?", "delay", Map.of("days", 2))));

        // Mia comes with the trigger and finishes the sequence; Leo unsubscribes after the first email
        String mia = trigger(key, campaign, "mia@journey-e2e.io", "Mia");
        String leo = trigger(key, followUp, "leo@journey-e2e.io", "Leo");
        Gateway.withKey(key).get("/api/v1/contacts/" + mia).then().statusCode(200)
                .body("data.email", equalTo("mia@journey-e2e.io")).body("data.first_name", equalTo("Mia"))
                .body("data.company", equalTo("Journey"));

        List<MimeMessage> toMia = awaitMail("mia@journey-e2e.io", 3);
        assertEquals(List.of("Hi Mia", "Second for Mia", "Last for Mia"), subjects(toMia), "in the sequence's order");
        assertTrue(GreenMailUtil.getWholeMessage(toMia.get(0)).contains("Hello Mia at Journey"));

        MimeMessage first = awaitMail("leo@journey-e2e.io", 1).get(0);
        String whole = GreenMailUtil.getWholeMessage(first).replace("=\r\n", "").replace("=3D", "=");
        String pixel = path(whole, "/t/o/");
        String click = path(whole, "/t/c/");
        String unsubscribe = first.getHeader("List-Unsubscribe")[0].replaceAll(".*(/t/u/[^>]+)>.*", "$1");
        assertEquals("List-Unsubscribe=One-Click", first.getHeader("List-Unsubscribe-Post")[0]);

        // the recipient's client loads the pixel and follows the link: no key, straight to the gateway
        given().baseUri(Stack.gatewayUrl()).get(pixel).then().statusCode(200);
        Response redirect = given().baseUri(Stack.gatewayUrl()).redirects().follow(false).get(click);
        assertTrue(redirect.statusCode() == 302 || redirect.statusCode() == 303, "a redirect: " + redirect.statusCode());
        assertEquals("https://seller.io/offer?a=1&b=2", redirect.header("Location"));
        WebhookReceiver.Delivery opened = awaitDelivery("email.opened", leo);
        WebhookReceiver.Delivery clicked = awaitDelivery("email.clicked", leo);
        assertSigned(opened, secret);
        assertSigned(clicked, secret);
        assertEquals(followUp, json(opened).path("data").path("campaign_id").asText(), opened.body());

        // one-click unsubscribe (RFC 8058), as a mailbox provider sends it
        given().baseUri(Stack.gatewayUrl()).contentType("application/x-www-form-urlencoded")
                .body("List-Unsubscribe=One-Click").post(unsubscribe).then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> Gateway.withKey(key).get("/api/v1/contacts/" + leo)
                .then().statusCode(200).body("data.status", equalTo("unsubscribed")));
        assertSigned(awaitDelivery("contact.unsubscribed", leo), secret);

        // Leo's sequence ended there: his campaign has no one left and completes, as Mia's does after her last email
        Gateway.withKey(key).get("/api/v1/campaigns/" + followUp + "/audience").then().statusCode(200)
                .body("data[0].status", equalTo("unsubscribed")).body("data[0].next_send_at", equalTo(null));
        for (String id : List.of(campaign, followUp)) {
            WebhookReceiver.Delivery completed = awaitDelivery("campaign.completed", id);
            assertSigned(completed, secret);
        }
        Gateway.withKey(key).get("/api/v1/campaigns/" + campaign + "/status").then().statusCode(200)
                .body("data.status", equalTo("completed")).body("data.audience.completed", equalTo(1))
                .body("data.steps.sent", equalTo(List.of(1, 1, 1)));
        Gateway.withKey(key).get("/api/v1/campaigns/" + followUp + "/status").then().statusCode(200)
                .body("data.status", equalTo("completed")).body("data.audience.unsubscribed", equalTo(1))
                .body("data.steps[0].sent", equalTo(1)).body("data.steps[0].opened", equalTo(1))
                .body("data.steps[0].clicked", equalTo(1)).body("data.steps[1].sent", equalTo(0));
        assertEquals(1, mailTo("leo@journey-e2e.io").size(), "Leo got only the first email");
        assertEquals(2, count("campaign.completed"), "each campaign completed once");
        // every email sent was announced once: 3 to Mia, 1 to Leo
        await().atMost(Duration.ofSeconds(30)).until(() -> count("email.sent") == 4);
    }

    private static JsonNode json(WebhookReceiver.Delivery delivery) {
        try {
            return JSON.readTree(delivery.body());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String type(WebhookReceiver.Delivery delivery) {
        return json(delivery).path("type").asText();
    }

    private static String createActive(String key, String name, List<? extends Map<String, ?>> steps) {
        String id = Gateway.withKey(key).body(Map.of("name", name,
                        "sender", Map.of("from_name", "Ann Seller", "from_email", "ann@seller.io"), "steps", steps))
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("data.id");
        Gateway.withKey(key).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        return id;
    }

    private static String trigger(String key, String campaign, String email, String name) {
        return Gateway.withKey(key).body(Map.of("email", email, "first_name", name, "company", "Journey"))
                .post("/api/v1/campaigns/" + campaign + "/trigger").then().statusCode(200)
                .body("data.triggered", equalTo(true)).extract().path("data.contact_id");
    }

    private static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(Stack.mail().getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().contains(address));
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static List<MimeMessage> awaitMail(String address, int count) {
        await().alias(count + " emails to " + address).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> mailTo(address).size() >= count);
        return mailTo(address);
    }

    private static List<String> subjects(List<MimeMessage> messages) {
        return messages.stream().map(m -> {
            try {
                return m.getSubject();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    private static String path(String message, String prefix) {
        Matcher m = Pattern.compile(Pattern.quote(prefix) + "[A-Za-z0-9_-]+").matcher(message);
        assertTrue(m.find(), prefix + " link in " + message);
        return m.group();
    }

    private static long count(String type) {
        return receiver.at("/journey").stream().filter(d -> type(d).equals(type)).count();
    }

    private static WebhookReceiver.Delivery awaitDelivery(String type, String contactId) {
        await().alias(type + " webhook").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> find(type, contactId) != null);
        return find(type, contactId);
    }

    private static WebhookReceiver.Delivery find(String type, String contactId) {
        return receiver.at("/journey").stream().filter(d -> type(d).equals(type))
                .filter(d -> contactId == null || d.body().contains(contactId)).findFirst().orElse(null);
    }

    /** Standard Webhooks: v1,base64(HMAC-SHA256(secret, "{id}.{timestamp}.{body}")), with whsec_'s key. */
    private static void assertSigned(WebhookReceiver.Delivery delivery, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(
                (delivery.id() + "." + delivery.timestamp() + "." + delivery.body()).getBytes(StandardCharsets.UTF_8)));
        assertTrue(Arrays.asList(delivery.signature().split(" ")).contains(expected),
                "signature " + delivery.signature() + " of " + delivery.body());
        assertEquals(delivery.id(), json(delivery).path("id").asText());
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(delivery.timestamp())) < 300);
    }
}
