package com.outreachpilot.contacts;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static com.outreachpilot.contacts.ContactsApiTest.as;
import static com.outreachpilot.contacts.ContactsApiTest.newOrg;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A contact who unsubscribes from a campaign, or whose address bounces, carries that status here. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class CampaignOutcomesTest {

    static String contact(String org, String email) {
        return as(org).body("{\"email\":\"" + email + "\"}").post("/api/v1/contacts").then().statusCode(201)
                .extract().path("data.contacts[0].id");
    }

    static String status(String org, String id) {
        return as(org).get("/api/v1/contacts/" + id).then().statusCode(200).extract().path("data.status");
    }

    @Test
    void unsubscribesAndBouncesBecomeTheContactsStatusInItsOrganizationOnly() {
        String org = newOrg();
        String other = newOrg();
        String leaving = contact(org, "leaving@acme.io");
        String bouncing = contact(org, "bouncing@acme.io");
        String elsewhere = contact(other, "leaving@acme.io");
        try (EventTap tap = new EventTap("contacts.events")) {
            DomainEvent unsubscribed = DomainEvent.of(EventType.CONTACT_UNSUBSCRIBED, org, leaving,
                    Map.of("contact_id", leaving, "email", "leaving@acme.io"));
            TestEvents.publish(unsubscribed);
            TestEvents.publish(unsubscribed); // redelivered: changes nothing more
            TestEvents.publish(DomainEvent.of(EventType.EMAIL_BOUNCED, org, bouncing,
                    Map.of("contact_id", bouncing, "reason", "550 no such user")));
            // another organization's contact id in this organization's event is nobody's
            TestEvents.publish(DomainEvent.of(EventType.CONTACT_UNSUBSCRIBED, org, elsewhere, Map.of()));
            await().atMost(Duration.ofSeconds(30)).until(() -> "unsubscribed".equals(status(org, leaving))
                    && "bounced".equals(status(org, bouncing)));
            tap.await(e -> e.type().equals("contact.updated") && leaving.equals(e.subject())
                    && "unsubscribed".equals(e.data().path("status").asText()), Duration.ofSeconds(20));
        }
        as(other).get("/api/v1/contacts/" + elsewhere).then().body("data.status", equalTo("new"));
    }
}
