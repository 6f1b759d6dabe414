package com.outreachpilot.campaigns;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.outreachpilot.campaigns.domain.Sequencer;
import com.outreachpilot.platform.data.jobs.SafeContext;
import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.outreachpilot.campaigns.Campaigns.as;
import static com.outreachpilot.campaigns.Campaigns.count;
import static com.outreachpilot.campaigns.Campaigns.create;
import static com.outreachpilot.campaigns.Campaigns.newOrg;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
@QuarkusTestResource(ContactsService.class)
@QuarkusTestResource(SmtpSink.class)
class SequencerTest {

    GreenMail smtp;

    @Inject
    Sequencer sequencer;

    @Inject
    Vertx vertx;

    /** A domain of its own per test, so a test counts only its own recipients' mail. */
    static String domain() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ".io";
    }

    List<MimeMessage> to(String address) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            for (var r : m.getRecipients(Message.RecipientType.TO)) {
                if (r.toString().equalsIgnoreCase(address)) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    int toDomain(String domain) {
        return smtp.getReceivedMessagesForDomain(domain).length;
    }

    /** Waits until the campaign's status counts {@code sent} sends of the step at {@code index} (0-based). */
    static void awaitSent(String org, String campaign, int index, int sent) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Integer counted = as(org).get("/api/v1/campaigns/" + campaign + "/status").then().extract()
                    .path("data.steps[" + index + "].sent");
            return counted != null && counted == sent;
        });
    }

    static String trigger(String org, String campaign, String json) {
        return as(org).body(json).post("/api/v1/campaigns/" + campaign + "/trigger").then().statusCode(200)
                .extract().path("data.contact_id");
    }

    @Test
    void sendsEachStepPersonalizedInOrderAfterItsDelayThenCompletes() throws Exception {
        String org = newOrg();
        String d = domain();
        String id = Campaigns.createActive(org, 3, 10);
        String john = trigger(org, id, "{\"email\":\"john@" + d + "\",\"first_name\":\"John\",\"company\":\"Acme\"}");
        trigger(org, id, "{\"email\":\"anon@" + d + "\"}");
        trigger(org, id, "{\"email\":\"eve@" + d + "\",\"first_name\":\"<b>Eve</b>\"}");

        await().atMost(Duration.ofSeconds(60)).until(() -> toDomain(d) == 3);
        // the next step's time is set when a send is recorded, which follows the mail's arrival: the clock moves
        // only once every send of the step is recorded
        awaitSent(org, id, 0, 3);
        assertEquals(3, toDomain(d), "the second step waits for its delay");
        MimeMessage first = to("john@" + d).get(0);
        assertEquals("Step 1 for John", first.getSubject());
        var from = (jakarta.mail.internet.InternetAddress) first.getFrom()[0];
        assertEquals("Ann Seller", from.getPersonal());
        assertEquals("ann@seller.io", from.getAddress());
        assertEquals("replies@seller.io", first.getReplyTo()[0].toString());
        String raw = GreenMailUtil.getWholeMessage(first);
        assertTrue(raw.contains("Hi John at Acme, step 1"), raw);
        assertEquals("Step 1 for there", to("anon@" + d).get(0).getSubject());
        String eve = GreenMailUtil.getWholeMessage(to("eve@" + d).get(0));
        assertTrue(eve.contains("&lt;b&gt;Eve&lt;/b&gt;"), "HTML bodies escape values: " + eve);
        assertTrue(eve.contains("Hi <b>Eve</b> at"), "text bodies keep them: " + eve);

        TestClock.advance(Duration.ofMinutes(11));
        await().atMost(Duration.ofSeconds(60)).until(() -> toDomain(d) == 6);
        awaitSent(org, id, 1, 3);
        TestClock.advance(Duration.ofMinutes(11));
        await().atMost(Duration.ofSeconds(60)).until(() -> toDomain(d) == 9);
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : to("john@" + d)) {
            subjects.add(m.getSubject());
        }
        assertEquals(List.of("Step 1 for John", "Step 2 for John", "Step 3 for John"), subjects);

        await().atMost(Duration.ofSeconds(60)).until(() -> "completed".equals(as(org).get("/api/v1/campaigns/" + id)
                .then().extract().path("data.status")));
        as(org).get("/api/v1/campaigns/" + id + "/status").then().statusCode(200)
                .body("data.status", equalTo("completed"))
                .body("data.audience.total", equalTo(3))
                .body("data.audience.completed", equalTo(3))
                .body("data.audience.active", equalTo(0))
                .body("data.steps.step", contains(1, 2, 3))
                .body("data.steps.sent", contains(3, 3, 3));
        as(org).get("/api/v1/campaigns/" + id + "/audience").then().body("data[0].steps_sent", equalTo(3));
        as(org).body("{\"email\":\"late@" + d + "\"}").post("/api/v1/campaigns/" + id + "/trigger").then()
                .statusCode(400).body("error.code", equalTo("CAMPAIGN_NOT_ACTIVE"));

        try (EventTap tap = new EventTap("campaigns.events")) {
            tap.await(e -> e.type().equals("campaign.completed") && e.subject().equals(id), Duration.ofSeconds(60));
            var sent = tap.collect(e -> e.type().equals("email.sent") && e.data().path("campaign_id").asText().equals(id),
                    Duration.ofSeconds(1));
            assertEquals(9, sent.size());
            var johns = sent.stream().filter(r -> r.event().subject().equals(john)).map(r -> r.event().data()).toList();
            assertEquals(List.of(1, 2, 3), johns.stream().map(n -> n.path("step").asInt()).toList());
            assertTrue(johns.get(0).path("message_id").asText().endsWith("@seller.io>"));
            assertEquals(first.getMessageID(), johns.get(0).path("message_id").asText());
        }
    }

    @Test
    void sendsNothingOutsideTheScheduleWindow() throws Exception {
        String org = newOrg();
        String d = domain();
        int hour = TestClock.now().atZone(ZoneOffset.UTC).getHour();
        int start = (hour + 2) % 24;
        String end = start == 23 ? "24:00" : String.format("%02d:00", start + 1);
        String id = create(org, Campaigns.body("Windowed", 1, 0).replace("\"steps\":[",
                "\"schedule\":{\"timezone\":\"UTC\",\"start\":\"" + String.format("%02d:00", start) + "\",\"end\":\"" + end
                        + "\"},\"steps\":["));
        as(org).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        trigger(org, id, "{\"email\":\"later@" + d + "\"}");
        Thread.sleep(2000);
        assertEquals(0, toDomain(d));
        String next = as(org).get("/api/v1/campaigns/" + id + "/audience").then().extract().path("data[0].next_send_at");
        Instant at = Instant.parse(next);
        var today = TestClock.now().atZone(ZoneOffset.UTC).toLocalDate();
        Instant opening = (start > hour ? today : today.plusDays(1)).atTime(start, 0).toInstant(ZoneOffset.UTC);
        assertFalse(at.isBefore(opening), next + " is before the window opens at " + opening);
        assertTrue(at.isBefore(opening.plus(Duration.ofMinutes(31))), next + " is spread over the window's first 30 min");
        TestClock.advance(Duration.between(TestClock.now(), at).plusSeconds(1));
        await().atMost(Duration.ofSeconds(60)).until(() -> toDomain(d) == 1);
    }

    @Test
    void respectsTheDailyLimit() throws Exception {
        String org = newOrg();
        String d = domain();
        String id = create(org, Campaigns.body("Limited", 2, 60).replace("\"steps\":[",
                "\"settings\":{\"daily_limit\":2},\"steps\":["));
        as(org).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        for (int i = 0; i < 4; i++) {
            trigger(org, id, "{\"email\":\"n" + i + "@" + d + "\"}");
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> toDomain(d) == 2);
        Thread.sleep(1500);
        assertEquals(2, toDomain(d));
        Instant tomorrow = TestClock.now().atZone(ZoneOffset.UTC).toLocalDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        // the two sent their first step (and wait an hour for the second); the other two wait for tomorrow
        List<String> waiting = as(org).get("/api/v1/campaigns/" + id + "/audience")
                .then().extract().path("data.findAll { it.steps_sent == 0 }.next_send_at");
        assertEquals(2, waiting.size());
        waiting.forEach(at -> assertFalse(Instant.parse(at).isBefore(tomorrow), at));
    }

    @Test
    void concurrentSequencersNeverSendAStepTwice() throws Exception {
        String org = newOrg();
        String d = domain();
        String id = create(org, Campaigns.body("Raced", 1, 0).replace("\"minutes\":0", "\"minutes\":5"));
        as(org).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        int contacts = 40;
        for (int i = 0; i < contacts; i++) {
            trigger(org, id, "{\"email\":\"r" + i + "@" + d + "\"}");
        }
        assertEquals(0, toDomain(d));
        TestClock.advance(Duration.ofMinutes(6));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> {
                    for (int k = 0; k < 5; k++) {
                        SafeContext.run(vertx, sequencer::runOnce).await().atMost(Duration.ofSeconds(60));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> toDomain(d) >= contacts);
        Thread.sleep(1000);
        Map<String, Integer> perRecipient = new HashMap<>();
        for (MimeMessage m : smtp.getReceivedMessagesForDomain(d)) {
            perRecipient.merge(m.getRecipients(Message.RecipientType.TO)[0].toString(), 1, Integer::sum);
        }
        assertEquals(contacts, perRecipient.size());
        perRecipient.forEach((to, n) -> assertEquals(1, n, to + " got " + n));
        assertEquals(contacts, count("select count(*) from campaigns.email where campaign_id = '" + id
                + "' and status = 'sent'"));
    }

    @Test
    void aCrashBetweenRecordingAndSendingSendsNothingTwice() throws Exception {
        String org = newOrg();
        String d = domain();
        String id = create(org, Campaigns.body("Crashed", 2, 60).replace("\"minutes\":0", "\"minutes\":5"));
        as(org).post("/api/v1/campaigns/" + id + "/activate").then().statusCode(200);
        String crashed = trigger(org, id, "{\"email\":\"crashed@" + d + "\"}");
        String leased = trigger(org, id, "{\"email\":\"leased@" + d + "\"}");
        // a replica recorded the first step's attempt for one contact and died before its outcome was known …
        Campaigns.execute("insert into campaigns.email (id, org_id, campaign_id, enrollment_id, contact_id, step,"
                + " message_id, token, status, attempts, created_at, updated_at) select gen_random_uuid(), org_id, campaign_id,"
                + " id, contact_id, 0, '<crashed@seller.io>', 'crashed-token', 'sending', 1, now(), now() from campaigns.enrollment"
                + " where contact_id = '" + crashed + "'");
        // … and another claimed the other contact and died before recording anything: its lease ran out
        TestClock.advance(Duration.ofMinutes(6));
        await().atMost(Duration.ofSeconds(60)).until(() -> to("leased@" + d).size() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from campaigns.email where contact_id = '"
                + crashed + "' and status = 'interrupted'") == 1);
        Thread.sleep(1000);
        assertEquals(0, to("crashed@" + d).size(), "an interrupted attempt is never sent again");
        assertEquals(1, to("leased@" + d).size());
        as(org).get("/api/v1/campaigns/" + id + "/audience").then()
                .body("data.find { it.contact_id == '" + crashed + "' }.steps_sent", equalTo(1))
                .body("data.find { it.contact_id == '" + crashed + "' }.status", equalTo("active"));
    }
}
