package com.outreachpilot.contacts;

import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.outreachpilot.contacts.ContactsApiTest.as;
import static com.outreachpilot.contacts.ContactsApiTest.create;
import static com.outreachpilot.contacts.ContactsApiTest.newOrg;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class FoldersApiTest {

    static String folder(String org, String name) {
        return as(org).body("{\"name\":\"" + name + "\"}").post("/api/v1/folders").then().statusCode(201)
                .body("ok", equalTo(true)).body("data.name", equalTo(name)).body("data.contact_count", equalTo(0))
                .body("data.created_at", notNullValue())
                .extract().path("data.id");
    }

    @Test
    void foldersGroupContactsAndDeletingOneEmptiesIt() {
        String org = newOrg();
        String leads = folder(org, "Leads");
        String vips = folder(org, "VIPs");
        String a = create(org, "{\"email\":\"a@f.io\",\"folder_id\":\"" + leads + "\"}");
        String b = create(org, "{\"email\":\"b@f.io\"}");
        create(org, "{\"email\":\"c@f.io\"}");
        as(org).body("{\"folder_id\":\"" + leads + "\"}").put("/api/v1/contacts/" + b).then().statusCode(200)
                .body("data.folder_id", equalTo(leads));
        as(org).get("/api/v1/contacts?folder_id=" + leads).then().body("data", hasSize(2)).body("meta.total", equalTo(2));
        as(org).get("/api/v1/folders").then().statusCode(200)
                .body("data.name", equalTo(List.of("Leads", "VIPs")))
                .body("data.contact_count", equalTo(List.of(2, 0)))
                .body("meta.total", equalTo(2));
        // null takes a contact out of its folder
        as(org).body("{\"folder_id\":null}").put("/api/v1/contacts/" + b).then().statusCode(200).body("data.folder_id", nullValue());
        as(org).get("/api/v1/folders/" + leads).then().body("data.contact_count", equalTo(1));

        as(org).delete("/api/v1/folders/" + leads).then().statusCode(200)
                .body("data.deleted", equalTo(true)).body("data.id", equalTo(leads));
        as(org).get("/api/v1/contacts/" + a).then().statusCode(200).body("data.folder_id", nullValue());
        as(org).get("/api/v1/contacts?folder_id=" + leads).then().body("data", empty());
        as(org).get("/api/v1/folders/" + leads).then().statusCode(404);
        as(org).get("/api/v1/folders").then().body("data.id", equalTo(List.of(vips)));
    }

    @Test
    void namesAreUniqueIgnoringCaseAndValidated() {
        String org = newOrg();
        String id = folder(org, "Customers");
        as(org).body("{\"name\":\"  customers \"}").post("/api/v1/folders").then().statusCode(409)
                .body("error.code", equalTo("DUPLICATE_RESOURCE"));
        as(org).body("{\"name\":\"Clients\"}").put("/api/v1/folders/" + id).then().statusCode(200).body("data.name", equalTo("Clients"));
        as(org).body("{\"name\":\"CLIENTS\"}").put("/api/v1/folders/" + id).then().statusCode(200); // itself: fine
        folder(org, "Customers");
        as(org).body("{\"name\":\"customers\"}").put("/api/v1/folders/" + id).then().statusCode(409);
        for (String bad : List.of("{}", "{\"name\":\"\"}", "{\"name\":3}", "{\"name\":\"" + "x".repeat(201) + "\"}", "[]")) {
            as(org).body(bad).post("/api/v1/folders").then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"));
        }
        folder(newOrg(), "Customers"); // another organization's names are its own
    }

    @Test
    void aContactCanOnlyBePutInAFolderOfItsOrganization() {
        String org = newOrg();
        String foreign = folder(newOrg(), "Theirs");
        String mine = folder(org, "Mine");
        as(org).body("{\"contacts\":[{\"email\":\"ok@f.io\",\"folder_id\":\"" + mine + "\"},"
                        + "{\"email\":\"no@f.io\",\"folder_id\":\"" + foreign + "\"},{\"email\":\"bad@f.io\",\"folder_id\":\"nope\"}]}")
                .post("/api/v1/contacts").then().statusCode(422)
                .body("error.fields.field", equalTo(List.of("contacts[2].folder_id")));
        as(org).body("{\"contacts\":[{\"email\":\"ok@f.io\",\"folder_id\":\"" + mine + "\"},"
                        + "{\"email\":\"no@f.io\",\"folder_id\":\"" + foreign + "\"}]}")
                .post("/api/v1/contacts").then().statusCode(422)
                .body("error.fields.field", equalTo(List.of("contacts[1].folder_id")));
        as(org).get("/api/v1/contacts").then().body("meta.total", equalTo(0));
        String c = create(org, "{\"email\":\"ok@f.io\",\"folder_id\":\"" + mine + "\"}");
        as(org).body("{\"folder_id\":\"" + foreign + "\"}").put("/api/v1/contacts/" + c).then().statusCode(422);
        as(org).get("/api/v1/contacts/" + c).then().body("data.folder_id", equalTo(mine));
        for (String path : List.of("/api/v1/folders/" + foreign, "/api/v1/folders/" + UUID.randomUUID(), "/api/v1/folders/x")) {
            as(org).get(path).then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
            as(org).body("{\"name\":\"x\"}").put(path).then().statusCode(404);
            as(org).delete(path).then().statusCode(404);
        }
    }

    @Test
    void folderChangesAreEvents() {
        String org = newOrg();
        try (EventTap tap = new EventTap("contacts.events")) {
            String id = folder(org, "Evented");
            as(org).body("{\"name\":\"Renamed\"}").put("/api/v1/folders/" + id).then().statusCode(200);
            as(org).delete("/api/v1/folders/" + id).then().statusCode(200);
            tap.await(e -> org.equals(e.orgId()) && e.type().equals("folder.deleted"), Duration.ofSeconds(20));
            var events = tap.seen(e -> org.equals(e.orgId()));
            assertEquals(List.of("folder.created", "folder.updated", "folder.deleted"),
                    events.stream().map(r -> r.event().type()).toList());
            assertEquals("Renamed", events.get(1).event().data().path("name").asText());
        }
    }

    @Test
    void internalFindOrCreateByIdsAndSearch() {
        String org = newOrg();
        String id = as(org).body("{\"email\":\"Find@Me.io\",\"first_name\":\"Fin\"}").post("/internal/v1/contacts/find-or-create")
                .then().statusCode(200).body("data.created", equalTo(true)).body("data.contact.email", equalTo("find@me.io"))
                .extract().path("data.contact.id");
        as(org).body("{\"email\":\"find@me.io\",\"first_name\":\"Other\"}").post("/internal/v1/contacts/find-or-create")
                .then().statusCode(200).body("data.created", equalTo(false)).body("data.contact.id", equalTo(id))
                .body("data.contact.first_name", equalTo("Fin"));
        as(org).body("{\"first_name\":\"no email\"}").post("/internal/v1/contacts/find-or-create").then().statusCode(422);
        String second = create(org, "{\"email\":\"two@me.io\"}");
        String foreign = create(newOrg(), "{\"email\":\"x@me.io\"}");
        as(org).body("{\"ids\":[\"" + second + "\",\"" + foreign + "\",\"garbage\",\"" + id + "\"]}")
                .post("/internal/v1/contacts/by-ids").then().statusCode(200)
                .body("data.id", equalTo(List.of(second, id)));
        as(org).given().queryParam("search", "FIN").get("/internal/v1/contacts/search").then().statusCode(200)
                .body("data.id", equalTo(List.of(id))).body("meta.total", equalTo(1));
    }

    @Test
    void findOrCreateRacesForOneNewEmailAllGetTheSameContact() throws Exception {
        String org = newOrg();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 8; round++) {
                String body = "{\"email\":\"race" + round + "@me.io\"}";
                List<Future<io.restassured.response.Response>> calls = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    calls.add(pool.submit(() -> as(org).body(body).post("/internal/v1/contacts/find-or-create")));
                }
                Set<String> ids = new HashSet<>();
                int created = 0;
                for (Future<io.restassured.response.Response> call : calls) {
                    io.restassured.response.Response response = call.get(30, TimeUnit.SECONDS);
                    assertEquals(200, response.statusCode(), response.asString());
                    ids.add(response.path("data.contact.id"));
                    created += Boolean.TRUE.equals(response.path("data.created")) ? 1 : 0;
                }
                assertEquals(1, ids.size(), "round " + round);
                assertEquals(1, created, "round " + round);
            }
        } finally {
            pool.shutdownNow();
        }
        as(org).get("/api/v1/contacts").then().body("meta.total", equalTo(8));
    }
}
