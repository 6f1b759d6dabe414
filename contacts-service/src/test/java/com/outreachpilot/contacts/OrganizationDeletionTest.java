package com.outreachpilot.contacts;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
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

/** When billing-service deletes an organization, its contacts, companies and folders go too; others stay. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class OrganizationDeletionTest {

    static int total(String org, String path) {
        return as(org).get(path).then().statusCode(200).extract().path("meta.total");
    }

    @Test
    void aDeletedOrganizationsDataIsDeletedAndNoOtherOrganizations() {
        String gone = newOrg();
        String stays = newOrg();
        for (String org : new String[] {gone, stays}) {
            as(org).body("{\"contacts\":[{\"email\":\"a@acme.io\"},{\"email\":\"b@acme.io\"}]}").post("/api/v1/contacts")
                    .then().statusCode(201);
            as(org).body("{\"name\":\"Acme\",\"domain\":\"acme.io\"}").post("/api/v1/companies").then().statusCode(201);
            as(org).body("{\"name\":\"Leads\"}").post("/api/v1/folders").then().statusCode(201);
        }
        DomainEvent deleted = DomainEvent.of(EventType.ORG_DELETED, gone, gone, Map.of("id", gone));
        TestEvents.publish(deleted);
        TestEvents.publish(deleted); // delivered twice, handled once
        await().atMost(Duration.ofSeconds(30)).until(() -> total(gone, "/api/v1/contacts") == 0
                && total(gone, "/api/v1/companies") == 0 && total(gone, "/api/v1/folders") == 0);
        as(stays).get("/api/v1/contacts").then().body("meta.total", equalTo(2));
        as(stays).get("/api/v1/companies").then().body("meta.total", equalTo(1));
        as(stays).get("/api/v1/folders").then().body("meta.total", equalTo(1));
        // the organization's email can be used again from scratch (nothing half-deleted is left behind)
        as(gone).body("{\"email\":\"a@acme.io\"}").post("/api/v1/contacts").then().statusCode(201);
    }
}
