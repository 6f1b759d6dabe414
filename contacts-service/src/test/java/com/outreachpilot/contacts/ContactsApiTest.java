package com.outreachpilot.contacts;

import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestInfrastructure;
import com.outreachpilot.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ContactsApiTest {

    /** A new organization: its id is a UUID, as the gateway's tokens carry it. */
    static String newOrg() {
        return UUID.randomUUID().toString();
    }

    static RequestSpecification as(String org) {
        return given().header("Authorization", TestTokens.bearer("contacts-service", org)).contentType("application/json");
    }

    static String create(String org, String json) {
        return as(org).body(json).post("/api/v1/contacts").then().statusCode(201).extract().path("data.contacts[0].id");
    }

    /** The first row of a query's numeric columns, read over JDBC. */
    static long[] query(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long[] row = new long[rs.getMetaData().getColumnCount()];
            for (int i = 0; i < row.length; i++) {
                row[i] = rs.getLong(i + 1);
            }
            return row;
        }
    }

    @Test
    void aBulkImportIsFollowedByVacuumAndAnalyzeOnceItSettles() throws Exception {
        // the test profile lowers the threshold to 50 rows and the quiet time to 200 ms
        String since;
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select cast(now() as text)")) {
            rs.next();
            since = rs.getString(1);
        }
        String org = newOrg();
        StringBuilder body = new StringBuilder("{\"contacts\":[");
        for (int i = 0; i < 60; i++) {
            body.append(i == 0 ? "" : ",").append("{\"email\":\"bulk").append(i).append("@x.io\"}");
        }
        as(org).body(body.append("]}").toString()).post("/api/v1/contacts").then().statusCode(201);
        String sql = "select count(*) from pg_stat_user_tables where schemaname = 'contacts' and relname = 'contact'"
                + " and last_vacuum >= cast('" + since + "' as timestamptz)"
                + " and last_analyze >= cast('" + since + "' as timestamptz)";
        await("contact vacuumed and analyzed after a bulk import").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200)).until(() -> query(sql)[0] == 1);
    }

    @Test
    void totalsStayExactWhenConcurrentImportsWriteAndTheirDeltasAreFolded() throws Exception {
        String org = newOrg();
        List<Thread> importers = new ArrayList<>();
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < 4; t++) {
            StringBuilder body = new StringBuilder("{\"contacts\":[");
            for (int i = 0; i < 30; i++) {
                body.append(i == 0 ? "" : ",").append("{\"email\":\"p").append(t).append('_').append(i)
                        .append("@fold.io\",\"title\":\"").append(i % 3 == 0 ? "Growth" : "CTO").append("\"}");
            }
            String json = body.append("]}").toString();
            importers.add(new Thread(() -> statuses.add(as(org).body(json).post("/api/v1/contacts").statusCode())));
        }
        importers.forEach(Thread::start);
        for (Thread t : importers) {
            t.join();
        }
        assertEquals(List.of(201, 201, 201, 201), statuses);
        as(org).get("/api/v1/contacts?limit=1").then().body("meta.total", equalTo(120));
        as(org).get("/api/v1/contacts?search=growth").then().body("meta.total", equalTo(40));
        String one = as(org).get("/api/v1/contacts?search=growth&limit=1").then().extract().path("data[0].id");
        as(org).delete("/api/v1/contacts/" + one).then().statusCode(200);

        // every writing statement left a delta row; the maintenance loop folds them into one per organization
        String sql = "select count(*), sum(contacts) from contacts.contact_org_delta where org_id = '" + org + "'";
        await("count deltas folded").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> query(sql)[0] == 1);
        assertEquals(119, query(sql)[1]);
        as(org).get("/api/v1/contacts?limit=1").then().body("meta.total", equalTo(119));
        as(org).get("/api/v1/contacts?search=growth").then().body("meta.total", equalTo(39));
        // a write after the fold still changes the version: the cached filtered total is not reused
        create(org, "{\"email\":\"late@fold.io\",\"title\":\"growth\"}");
        as(org).get("/api/v1/contacts?search=growth").then().body("meta.total", equalTo(40));
        as(org).get("/api/v1/contacts?limit=1").then().body("meta.total", equalTo(120));
    }

    @Test
    void anUpsertWaitsForAConcurrentChangeInsteadOfWritingBackWhatItReadBefore() throws Exception {
        String org = newOrg();
        create(org, "{\"email\":\"race@x.io\",\"first_name\":\"Old\",\"title\":\"Old title\"}");
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl())) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // another writer changes the title and holds the row until it commits
                s.executeUpdate("update contacts.contact set title = 'New title' where org_id = '" + org
                        + "' and email = 'race@x.io'");
            }
            java.util.concurrent.CompletableFuture<Integer> upsert = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> as(org).body("{\"upsert\":true,\"email\":\"race@x.io\",\"first_name\":\"New\"}")
                            .post("/api/v1/contacts").statusCode());
            // the upsert is waiting for the other writer's row lock
            await("the upsert waits for the row lock").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50)).until(() -> query("select count(*) from pg_stat_activity"
                            + " where wait_event_type = 'Lock' and query like 'select * from contact %'")[0] > 0);
            c.commit();
            assertEquals(200, upsert.get(30, java.util.concurrent.TimeUnit.SECONDS));
        }
        // the upsert changed first_name only: the other writer's title survives
        as(org).get("/api/v1/contacts?search=race@x.io").then()
                .body("data[0].first_name", equalTo("New")).body("data[0].title", equalTo("New title"));
    }

    @Test
    void filteredTotalsFollowEveryKindOfWrite() {
        String org = newOrg();
        String a = create(org, "{\"email\":\"a@x.io\",\"title\":\"VP Growth\"}");
        create(org, "{\"email\":\"b@x.io\",\"title\":\"Growth lead\"}");
        String search = "/api/v1/contacts?search=growth";
        as(org).get(search).then().body("meta.total", equalTo(2));
        as(org).get(search).then().body("meta.total", equalTo(2)); // the same question again
        as(org).body("{\"title\":\"CFO\"}").put("/api/v1/contacts/" + a).then().statusCode(200);
        as(org).get(search).then().body("meta.total", equalTo(1)).body("data", hasSize(1));
        create(org, "{\"email\":\"c@x.io\",\"title\":\"growth\"}");
        as(org).get(search).then().body("meta.total", equalTo(2));
        as(org).body("{\"upsert\":true,\"email\":\"a@x.io\",\"title\":\"Growth again\"}").post("/api/v1/contacts")
                .then().statusCode(200);
        as(org).get(search).then().body("meta.total", equalTo(3));
        as(org).delete("/api/v1/contacts/" + a).then().statusCode(200);
        as(org).get(search).then().body("meta.total", equalTo(2));
        as(org).get("/api/v1/contacts?status=replied").then().body("meta.total", equalTo(0));
        String b = as(org).get(search + "&limit=1").then().extract().path("data[0].id");
        as(org).body("{\"status\":\"replied\"}").put("/api/v1/contacts/" + b).then().statusCode(200);
        as(org).get("/api/v1/contacts?status=replied").then().body("meta.total", equalTo(1));
        // a folder's contacts leave it when it is deleted (the foreign key empties folder_id)
        String folder = as(org).body("{\"name\":\"Hot\"}").post("/api/v1/folders").then().statusCode(201)
                .extract().path("data.id");
        as(org).body("{\"folder_id\":\"" + folder + "\"}").put("/api/v1/contacts/" + b).then().statusCode(200);
        String inFolder = "/api/v1/contacts?search=growth&folder_id=" + folder;
        as(org).get(inFolder).then().body("meta.total", equalTo(1));
        as(org).delete("/api/v1/folders/" + folder).then().statusCode(200);
        as(org).get(search).then().body("meta.total", equalTo(2));
        as(org).get(inFolder).then().body("meta.total", equalTo(0)).body("data", hasSize(0));
        // another organization's identical question has its own answer
        as(newOrg()).get(search).then().body("meta.total", equalTo(0));
    }

    @Test
    void createsAContactExactlyAsTheReferenceExample() {
        String org = newOrg();
        as(org).body("{\"email\":\"john@acme.com\",\"first_name\":\"John\",\"company\":\"Acme\"}")
                .post("/api/v1/contacts").then().statusCode(201)
                .body("ok", equalTo(true))
                .body("data.count", equalTo(1))
                .body("data.contacts[0].id", notNullValue())
                .body("data.contacts[0].email", equalTo("john@acme.com"))
                .body("data.contacts[0].first_name", equalTo("John"))
                .body("data.contacts[0].last_name", nullValue())
                .body("data.contacts[0].company", equalTo("Acme"))
                .body("data.contacts[0].status", equalTo("new"))
                .body("data.contacts[0].account_id", nullValue())
                .body("data.contacts[0].created_at", notNullValue());
    }

    @Test
    void storesEmailsNormalizedAndRefusesDuplicatesWithoutUpsert() {
        String org = newOrg();
        as(org).body("{\"email\":\"  Jane.Doe@Example.COM \"}").post("/api/v1/contacts").then().statusCode(201)
                .body("data.contacts[0].email", equalTo("jane.doe@example.com"));
        as(org).body("{\"email\":\"jane.doe@example.com\"}").post("/api/v1/contacts").then().statusCode(409)
                .body("error.code", equalTo("DUPLICATE_RESOURCE"))
                .body("error.details", containsString("jane.doe@example.com"));
        // another organization may have the same email
        as(newOrg()).body("{\"email\":\"jane.doe@example.com\"}").post("/api/v1/contacts").then().statusCode(201);
    }

    @Test
    void upsertChangesOnlyTheProvidedFields() {
        String org = newOrg();
        String id = create(org, "{\"email\":\"ann@corp.io\",\"first_name\":\"Ann\",\"title\":\"CTO\"}");
        as(org).body("{\"email\":\"ANN@corp.io\",\"company\":\"Corp\",\"upsert\":true}").post("/api/v1/contacts")
                .then().statusCode(200)
                .body("data.contacts[0].id", equalTo(id))
                .body("data.contacts[0].first_name", equalTo("Ann"))
                .body("data.contacts[0].title", equalTo("CTO"))
                .body("data.contacts[0].company", equalTo("Corp"));
    }

    @Test
    void aBatchIsAllOrNothingAndNamesTheBadItem() {
        String org = newOrg();
        as(org).body("{\"contacts\":[{\"email\":\"a@x.io\"},{\"email\":\"b@x.io\"},{\"email\":\"c@x.io\"},"
                        + "{\"email\":\"not-an-email\"},{\"first_name\":\"no email\"}]}")
                .post("/api/v1/contacts").then().statusCode(422)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.fields.field", equalTo(List.of("contacts[3].email", "contacts[4].email")));
        as(org).get("/api/v1/contacts").then().statusCode(200).body("data", empty()).body("meta.total", equalTo(0));

        // a duplicate of an existing contact without upsert fails the whole batch too
        create(org, "{\"email\":\"taken@x.io\"}");
        as(org).body("{\"contacts\":[{\"email\":\"fresh@x.io\"},{\"email\":\"taken@x.io\"}]}")
                .post("/api/v1/contacts").then().statusCode(409);
        as(org).get("/api/v1/contacts").then().body("meta.total", equalTo(1));
    }

    @Test
    void theSameEmailTwiceInABatchIsOneContactWithTheLaterFields() {
        String org = newOrg();
        as(org).body("{\"contacts\":[{\"email\":\"dup@x.io\",\"first_name\":\"First\",\"title\":\"CEO\"},"
                        + "{\"email\":\"other@x.io\"},{\"email\":\"DUP@x.io\",\"first_name\":\"Second\"}]}")
                .post("/api/v1/contacts").then().statusCode(201)
                .body("data.count", equalTo(2))
                .body("data.contacts[0].email", equalTo("dup@x.io"))
                .body("data.contacts[0].first_name", equalTo("Second"))
                .body("data.contacts[0].title", equalTo("CEO"))
                .body("data.contacts[1].email", equalTo("other@x.io"));
    }

    @Test
    void batchesAreLimitedTo1000() {
        List<Map<String, String>> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(Map.of("email", "p" + i + "@big.io"));
        }
        as(newOrg()).body(Map.of("contacts", many)).post("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("contacts"));
        as(newOrg()).body(Map.of("contacts", many.subList(0, 1000))).post("/api/v1/contacts").then().statusCode(201)
                .body("data.count", equalTo(1000));
    }

    @Test
    void unknownFieldsAreKeptInContext() {
        String org = newOrg();
        String id = create(org, "{\"email\":\"ctx@x.io\",\"lead_score\":87,\"source\":\"webinar\"}");
        as(org).get("/api/v1/contacts/" + id).then().statusCode(200)
                .body("data.context.lead_score", equalTo(87))
                .body("data.context.source", equalTo("webinar"));
        as(org).body("{\"source\":\"referral\",\"region\":\"EMEA\"}").put("/api/v1/contacts/" + id).then().statusCode(200)
                .body("data.context.lead_score", equalTo(87))
                .body("data.context.source", equalTo("referral"))
                .body("data.context.region", equalTo("EMEA"));
    }

    @Test
    void getUpdateDeleteAsTheReferenceShows() {
        String org = newOrg();
        String id = create(org, "{\"email\":\"vp@acme.com\",\"first_name\":\"Val\"}");
        as(org).get("/api/v1/contacts/" + id).then().statusCode(200).body("data.id", equalTo(id));
        as(org).body("{\"title\":\"VP of Sales\"}").put("/api/v1/contacts/" + id).then().statusCode(200)
                .body("data.title", equalTo("VP of Sales"))
                .body("data.first_name", equalTo("Val"));
        as(org).body("{\"status\":\"active\"}").put("/api/v1/contacts/" + id).then().statusCode(200)
                .body("data.status", equalTo("active"));
        as(org).body("{\"status\":\"married\"}").put("/api/v1/contacts/" + id).then().statusCode(422)
                .body("error.fields[0].field", equalTo("status"));
        as(org).body("{\"folder_id\":\"" + UUID.randomUUID() + "\"}").put("/api/v1/contacts/" + id).then().statusCode(422)
                .body("error.fields[0].field", equalTo("folder_id"));
        as(org).delete("/api/v1/contacts/" + id).then().statusCode(200)
                .body("data.deleted", equalTo(true)).body("data.id", equalTo(id));
        as(org).get("/api/v1/contacts/" + id).then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
    }

    @Test
    void changingTheEmailToATakenOneIsAConflict() {
        String org = newOrg();
        create(org, "{\"email\":\"one@x.io\"}");
        String two = create(org, "{\"email\":\"two@x.io\"}");
        as(org).body("{\"email\":\"ONE@x.io\"}").put("/api/v1/contacts/" + two).then().statusCode(409);
        as(org).body("{\"email\":\"three@x.io\"}").put("/api/v1/contacts/" + two).then().statusCode(200)
                .body("data.email", equalTo("three@x.io"));
    }

    @Test
    void anotherOrganizationsContactIsIndistinguishableFromNone() {
        String owner = newOrg();
        String id = create(owner, "{\"email\":\"private@x.io\"}");
        String intruder = newOrg();
        for (String path : List.of("/api/v1/contacts/" + id, "/api/v1/contacts/" + UUID.randomUUID(),
                "/api/v1/contacts/not-a-uuid")) {
            as(intruder).get(path).then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"))
                    .body("error.message", equalTo("Contact not found"));
            as(intruder).body("{\"title\":\"x\"}").put(path).then().statusCode(404);
            as(intruder).delete(path).then().statusCode(404);
        }
        as(intruder).get("/api/v1/contacts?search=private").then().body("data", empty());
        as(owner).get("/api/v1/contacts/" + id).then().statusCode(200).body("data.title", nullValue());
    }

    @Test
    void paginationEdges() {
        String org = newOrg();
        for (int i = 0; i < 5; i++) {
            create(org, "{\"email\":\"page" + i + "@x.io\"}");
        }
        as(org).get("/api/v1/contacts?limit=2&offset=0").then().statusCode(200)
                .body("data", hasSize(2)).body("meta.total", equalTo(5)).body("meta.has_more", equalTo(true))
                .body("meta.limit", equalTo(2)).body("meta.offset", equalTo(0))
                .body("data[0].email", equalTo("page0@x.io"));
        as(org).get("/api/v1/contacts?limit=2&offset=4").then()
                .body("data", hasSize(1)).body("meta.has_more", equalTo(false));
        as(org).get("/api/v1/contacts?limit=200").then().statusCode(200).body("data", hasSize(5));
        // the total follows creates (not upserted updates) and deletes
        as(org).body("{\"upsert\":true,\"contacts\":[{\"email\":\"page1@x.io\",\"title\":\"CTO\"},"
                + "{\"email\":\"page5@x.io\"}]}").post("/api/v1/contacts").then().statusCode(201);
        as(org).get("/api/v1/contacts").then().body("meta.total", equalTo(6));
        String first = as(org).get("/api/v1/contacts?limit=1").then().extract().path("data[0].id");
        as(org).delete("/api/v1/contacts/" + first).then().statusCode(200);
        as(org).get("/api/v1/contacts").then().body("meta.total", equalTo(5)).body("data", hasSize(5));
        as(org).get("/api/v1/contacts?offset=3&limit=1").then().body("data[0].email", equalTo("page4@x.io"));
        for (String bad : List.of("limit=0", "limit=201", "limit=-1", "limit=abc", "offset=-1", "offset=x")) {
            as(org).get("/api/v1/contacts?" + bad).then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"));
        }
    }

    @Test
    void searchIsCaseInsensitiveAndTakesMetacharactersLiterally() {
        String org = newOrg();
        create(org, "{\"email\":\"john@acme.com\",\"first_name\":\"John\",\"title\":\"VP Sales\"}");
        create(org, "{\"email\":\"100pct@deals.io\",\"company\":\"100% Deals\"}");
        create(org, "{\"email\":\"under_score@x.io\"}");
        create(org, "{\"email\":\"obrien@x.io\",\"last_name\":\"O'Brien\"}");
        create(org, "{\"email\":\"zoe@x.io\",\"first_name\":\"Zoë\",\"last_name\":\"Ærøskøbing\"}");
        as(org).queryParam("limit", 50).queryParam("search", "JOHN").get("/api/v1/contacts").then().body("data", hasSize(1))
                .body("data[0].email", equalTo("john@acme.com"));
        as(org).queryParam("search", "vp sales").get("/api/v1/contacts").then().body("data", hasSize(1));
        as(org).queryParam("search", "%").get("/api/v1/contacts").then().body("data", hasSize(1))
                .body("data[0].company", equalTo("100% Deals"));
        as(org).queryParam("search", "_").get("/api/v1/contacts").then().body("data", hasSize(1))
                .body("data[0].email", equalTo("under_score@x.io"));
        as(org).queryParam("search", "o'brien").get("/api/v1/contacts").then().body("data", hasSize(1));
        as(org).queryParam("search", "zoë").get("/api/v1/contacts").then().body("data", hasSize(1))
                .body("data[0].last_name", equalTo("Ærøskøbing"));
    }

    @Test
    void filtersByStatusAndUpdatedSince() {
        String org = newOrg();
        String a = create(org, "{\"email\":\"s1@x.io\"}");
        create(org, "{\"email\":\"s2@x.io\"}");
        as(org).body("{\"status\":\"replied\"}").put("/api/v1/contacts/" + a).then().statusCode(200);
        as(org).get("/api/v1/contacts?status=replied").then().body("data", hasSize(1)).body("data[0].id", equalTo(a));
        as(org).get("/api/v1/contacts?status=nope").then().statusCode(422).body("error.fields[0].field", equalTo("status"));
        String updatedAt = as(org).get("/api/v1/contacts/" + a).then().extract().path("data.updated_at");
        as(org).get("/api/v1/contacts?updated_since=" + updatedAt).then().body("data", hasSize(1))
                .body("data[0].id", equalTo(a));
        as(org).get("/api/v1/contacts?updated_since=yesterday").then().statusCode(422);
    }

    /** Past the exact-count limit (300 in tests) a filtered total is an estimate, marked so; paging stays exact. */
    @Test
    void broadFilteredTotalsAreEstimatesMarkedAsSuchAndPagingStaysExact() {
        String org = newOrg();
        for (int batch = 0; batch < 2; batch++) {
            StringBuilder body = new StringBuilder("{\"contacts\":[");
            for (int i = 0; i < 200; i++) {
                body.append(i == 0 ? "" : ",").append("{\"email\":\"broad").append(batch).append('-').append(i)
                        .append("@x.io\",\"title\":\"Growth lead\"}");
            }
            as(org).body(body.append("]}").toString()).post("/api/v1/contacts").then().statusCode(201);
        }
        create(org, "{\"email\":\"narrow@x.io\",\"title\":\"Growth lead\",\"first_name\":\"Zebedee\"}");
        // 401 matches: more than the exact limit, so an estimate; this table is small enough for the sample to
        // hold every row, so the estimate is the count to three significant digits
        as(org).get("/api/v1/contacts?search=growth&limit=100").then().statusCode(200)
                .body("meta.total_exact", equalTo(false)).body("meta.total", equalTo(401))
                .body("meta.has_more", equalTo(true)).body("data.size()", equalTo(100));
        // the last page knows it is the last, whatever the total says
        as(org).get("/api/v1/contacts?search=growth&limit=100&offset=400").then().statusCode(200)
                .body("data.size()", equalTo(1)).body("meta.has_more", equalTo(false));
        // narrow filters and unfiltered lists are counted
        as(org).get("/api/v1/contacts?search=zebedee").then().statusCode(200)
                .body("meta.total_exact", equalTo(true)).body("meta.total", equalTo(1));
        as(org).get("/api/v1/contacts?limit=1").then().statusCode(200)
                .body("meta.total_exact", equalTo(true)).body("meta.total", equalTo(401));
    }

    /** Deep unfiltered pages nearer the end are read from the end: the same rows as from the start, to the last one. */
    @Test
    void deepOffsetsNearTheEndGiveTheSamePagesAsFromTheStart() {
        String org = newOrg();
        int contacts = 2_600;
        for (int batch = 0; batch < contacts / 1_000 + 1; batch++) {
            StringBuilder body = new StringBuilder("{\"contacts\":[");
            for (int i = batch * 1_000; i < Math.min(contacts, (batch + 1) * 1_000); i++) {
                body.append(i == batch * 1_000 ? "" : ",").append("{\"email\":\"deep").append(i).append("@x.io\"}");
            }
            as(org).body(body.append("]}").toString()).post("/api/v1/contacts").then().statusCode(201);
        }
        // the whole list in order, through the cursor (which never skips)
        List<String> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = (cursor == null ? as(org) : as(org).queryParam("after", cursor)).get("/api/v1/contacts?limit=200")
                    .then().statusCode(200).extract();
            all.addAll(page.path("data.id"));
            cursor = Boolean.TRUE.equals(page.path("meta.has_more")) ? page.path("meta.next_cursor") : null;
        } while (cursor != null);
        assertEquals(contacts, all.size());
        // 1,001 and 1,200 are nearer the start; the others nearer the end, down to a partial and an empty last page
        for (int offset : List.of(1_001, 1_200, 1_301, 1_500, 2_400, 2_401, 2_550, 2_599, 2_600, 5_000)) {
            for (int limit : List.of(1, 200)) {
                List<String> expected = all.subList(Math.min(offset, contacts), Math.min(offset + limit, contacts));
                as(org).get("/api/v1/contacts?limit=" + limit + "&offset=" + offset).then().statusCode(200)
                        .body("data.id", equalTo(expected))
                        .body("meta.has_more", equalTo(offset + limit < contacts))
                        .body("meta.total", equalTo(contacts)).body("meta.total_exact", equalTo(true));
            }
        }
        // another organization's deep pages are its own (this one has none there)
        as(newOrg()).get("/api/v1/contacts?limit=200&offset=2400").then().statusCode(200).body("data", empty());
    }

    @Test
    void aCursorWalksTheWholeListOnceInOrderWithFiltersAndAcrossWrites() {
        String org = newOrg();
        StringBuilder body = new StringBuilder("{\"contacts\":[");
        for (int i = 0; i < 25; i++) {
            body.append(i == 0 ? "" : ",").append("{\"email\":\"walk").append(i).append("@x.io\",\"title\":\"")
                    .append(i % 2 == 0 ? "VP" : "Engineer").append("\"}");
        }
        as(org).body(body.append("]}").toString()).post("/api/v1/contacts").then().statusCode(201);
        List<String> byOffset = new ArrayList<>();
        for (int offset = 0; offset < 25; offset += 10) {
            byOffset.addAll(as(org).get("/api/v1/contacts?limit=10&offset=" + offset).then().statusCode(200)
                    .extract().path("data.id"));
        }
        // page 1 without a cursor gives one; each page's cursor leads to the next, the last says no more
        List<String> byCursor = new ArrayList<>();
        as(org).get("/api/v1/contacts?limit=0").then().statusCode(422).body("error.fields[0].field", equalTo("limit"));
        var first = as(org).get("/api/v1/contacts?limit=10").then().statusCode(200)
                .body("meta.has_more", equalTo(true)).body("meta.total", equalTo(25)).extract();
        byCursor.addAll(first.path("data.id"));
        String cursor = first.path("meta.next_cursor");
        // a contact created while paging comes last in creation order: it is on the last page, once
        String late = create(org, "{\"email\":\"late@x.io\"}");
        boolean more = true;
        while (more) {
            var page = as(org).queryParam("after", cursor).get("/api/v1/contacts?limit=10").then().statusCode(200)
                    .body("meta.total", equalTo(26)).extract();
            byCursor.addAll(page.path("data.id"));
            more = page.path("meta.has_more");
            cursor = page.path("meta.next_cursor");
        }
        List<String> expected = new ArrayList<>(byOffset);
        expected.add(late);
        assertEquals(expected, byCursor);
        // past the end: empty, no more, and the same cursor to poll with
        as(org).queryParam("after", cursor).get("/api/v1/contacts").then().statusCode(200)
                .body("data", empty()).body("meta.has_more", equalTo(false)).body("meta.next_cursor", equalTo(cursor));

        // with a filter, the cursor walks the filtered list (every other contact is a VP)
        var vps = as(org).get("/api/v1/contacts?title=vp&limit=5").then().statusCode(200).extract();
        List<String> vpIds = new ArrayList<>(vps.path("data.id"));
        vpIds.addAll(as(org).queryParam("after", (String) vps.path("meta.next_cursor"))
                .get("/api/v1/contacts?title=vp&limit=50").then().statusCode(200)
                .body("meta.has_more", equalTo(false)).extract().path("data.id"));
        assertEquals(13, vpIds.size());
        assertEquals(13, vpIds.stream().distinct().count());

        // an updated_since list orders by change: its cursors are its own
        String since = "2000-01-01T00:00:00Z";
        String changeCursor = as(org).get("/api/v1/contacts?limit=3&updated_since=" + since).then().statusCode(200)
                .extract().path("meta.next_cursor");
        as(org).queryParam("after", changeCursor).get("/api/v1/contacts?updated_since=" + since).then().statusCode(200)
                .body("data", hasSize(23));
        as(org).queryParam("after", changeCursor).get("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("after"));
        as(org).queryParam("after", byCursor.get(0)).get("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("after"));
        as(org).queryParam("after", "%%%").get("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("after"));
        as(org).queryParam("after", cursor).get("/api/v1/contacts?offset=10").then().statusCode(422)
                .body("error.fields[0].field", equalTo("offset"));
        // another organization's cursor only names a position: it shows that organization nothing
        String other = newOrg();
        as(other).queryParam("after", first.path("meta.next_cursor").toString()).get("/api/v1/contacts").then()
                .statusCode(200).body("data", empty()).body("meta.total", equalTo(0));
    }

    /** {@code GET path} as {@code org} with these query parameters (name, value, name, value …). */
    static ValidatableResponse list(String org, String path, String... parameters) {
        RequestSpecification request = as(org);
        for (int i = 0; i < parameters.length; i += 2) {
            request = request.queryParam(parameters[i], parameters[i + 1]);
        }
        return request.get(path).then();
    }

    /** The emails a contact list with these query parameters shows, in order. */
    static List<String> emails(String org, String... parameters) {
        return list(org, "/api/v1/contacts", parameters).statusCode(200).extract().path("data.email");
    }

    @Test
    void filtersByCompanyTitleAndContextAndCombinesThemWithEachOtherAndTheOtherFilters() {
        String org = newOrg();
        String fin = CompaniesApiTest.company(org, "{\"name\":\"Fin\",\"domain\":\"fin.io\",\"industry\":\"Fintech\"}");
        String other = CompaniesApiTest.company(org, "{\"name\":\"Other\",\"domain\":\"other.io\"}");
        create(org, "{\"email\":\"a@fin.io\",\"title\":\"VP of Sales\",\"city\":\"New York\"}");
        create(org, "{\"email\":\"b@fin.io\",\"title\":\"SVP Marketing\",\"context\":{\"city\":\"new york\"}}");
        String c = create(org, "{\"email\":\"c@fin.io\",\"title\":\"Engineer\",\"city\":\"NEW YORK\"}");
        create(org, "{\"email\":\"d@other.io\",\"title\":\"VP Growth\",\"city\":\"New York\"}");
        create(org, "{\"email\":\"e@fin.io\",\"title\":\"VP Product\",\"city\":\"Boston\",\"lead_score\":87,"
                + "\"vip\":true,\"tags\":[\"new york\"],\"office\":{\"city\":\"New York\"},\"region\":null}");
        create(org, "{\"email\":\"f@nowhere.io\",\"title\":\"100% VP_Ops\"}");
        // another organization with the same company, title and city
        String intruder = newOrg();
        String theirs = CompaniesApiTest.company(intruder, "{\"name\":\"Fin\",\"domain\":\"fin.io\"}");
        create(intruder, "{\"email\":\"a@fin.io\",\"title\":\"VP of Sales\",\"city\":\"New York\"}");

        // account_id: the company's contacts; another organization's company or an unknown id has none here
        assertEquals(List.of("a@fin.io", "b@fin.io", "c@fin.io", "e@fin.io"), emails(org, "account_id", fin));
        assertEquals(List.of("d@other.io"), emails(org, "account_id", other));
        assertEquals(List.of(), emails(org, "account_id", theirs));
        assertEquals(List.of(), emails(org, "account_id", UUID.randomUUID().toString()));
        assertEquals(List.of("a@fin.io"), emails(intruder, "account_id", theirs));
        list(org, "/api/v1/contacts", "account_id", theirs).body("meta.total", equalTo(0));

        // title: contains the text, ignoring case, % and _ literally (texts with and without three letters in a row)
        assertEquals(List.of("a@fin.io", "b@fin.io", "d@other.io", "e@fin.io", "f@nowhere.io"), emails(org, "title", "vp"));
        assertEquals(List.of("a@fin.io"), emails(org, "title", "VP OF"));
        assertEquals(List.of("a@fin.io"), emails(org, "title", "sales"));
        assertEquals(List.of("b@fin.io"), emails(org, "title", " Marketing "));
        assertEquals(List.of("f@nowhere.io"), emails(org, "title", "%"));
        assertEquals(List.of("f@nowhere.io"), emails(org, "title", "100%"));
        assertEquals(List.of("f@nowhere.io"), emails(org, "title", "p_o"));
        assertEquals(List.of("f@nowhere.io"), emails(org, "title", "vp_ops"));
        assertEquals(List.of(), emails(org, "title", "vp%sales"));
        assertEquals(List.of(), emails(org, "title", "vp_of"));
        assertEquals(6, emails(org, "title", "  ").size());

        // context: the value ignoring case, the key exactly, numbers and booleans by their JSON text; nested
        // objects, arrays and null never match
        assertEquals(List.of("a@fin.io", "b@fin.io", "c@fin.io", "d@other.io"), emails(org, "context.city", "New York"));
        assertEquals(List.of(), emails(org, "context.City", "New York"));
        assertEquals(List.of("e@fin.io"), emails(org, "context.lead_score", "87"));
        assertEquals(List.of("e@fin.io"), emails(org, "context.vip", "TRUE"));
        assertEquals(List.of(), emails(org, "context.tags", "new york"));
        assertEquals(List.of(), emails(org, "context.office", "New York"));
        assertEquals(List.of(), emails(org, "context.region", "null"));
        assertEquals(List.of("e@fin.io"), emails(org, "context.city", "boston", "context.lead_score", "87",
                "context.vip", "true"));
        assertEquals(List.of(), emails(org, "context.city", "boston", "context.lead_score", "88"));

        // all of them together, with paging and exact totals, and with the filters that were there before
        String[] together = {"account_id", fin, "title", "VP", "context.city", "new york"};
        list(org, "/api/v1/contacts", together).statusCode(200).body("meta.total", equalTo(2))
                .body("data.email", equalTo(List.of("a@fin.io", "b@fin.io")));
        list(org, "/api/v1/contacts", with(together, "limit", "1")).body("meta.total", equalTo(2))
                .body("meta.has_more", equalTo(true)).body("data.email", equalTo(List.of("a@fin.io")));
        list(org, "/api/v1/contacts", with(together, "limit", "1", "offset", "1")).body("meta.has_more", equalTo(false))
                .body("data.email", equalTo(List.of("b@fin.io")));
        assertEquals(List.of("b@fin.io"), emails(org, with(together, "search", "marketing")));
        list(org, "/api/v1/contacts", with(together, "status", "replied")).body("meta.total", equalTo(0));
        // a write changes the filtered total at once (a cached total holds for one version of the organization)
        as(org).body("{\"title\":\"VP Engineering\"}").put("/api/v1/contacts/" + c).then().statusCode(200);
        list(org, "/api/v1/contacts", together).body("meta.total", equalTo(3))
                .body("data.email", equalTo(List.of("a@fin.io", "b@fin.io", "c@fin.io")));
        String changed = as(org).get("/api/v1/contacts/" + c).then().extract().path("data.updated_at");
        assertEquals(List.of("c@fin.io"), emails(org, with(together, "updated_since", changed)));
        // the other organization sees only its own
        list(intruder, "/api/v1/contacts", "title", "vp", "context.city", "new york").body("meta.total", equalTo(1))
                .body("data.email", equalTo(List.of("a@fin.io")));
    }

    static String[] with(String[] parameters, String... more) {
        String[] all = java.util.Arrays.copyOf(parameters, parameters.length + more.length);
        System.arraycopy(more, 0, all, parameters.length, more.length);
        return all;
    }

    @Test
    void badListFiltersAreValidationErrorsNamingTheParameter() {
        String org = newOrg();
        List<String[]> bad = List.of(
                new String[] {"account_id", "account_id", "not-a-uuid"},
                new String[] {"account_id", "account_id", UUID.randomUUID() + "0"},
                new String[] {"title", "title", "x".repeat(201)},
                new String[] {"title", "title", "a\u0000b"},
                new String[] {"context.bad key", "context.bad key", "x"},
                new String[] {"context.", "context.", "x"},
                new String[] {"context." + "k".repeat(65), "context." + "k".repeat(65), "x"},
                new String[] {"context.city", "context.city", "x".repeat(201)},
                new String[] {"context.city", "context.city", "a\u0000"},
                new String[] {"context", "context.a", "1", "context.b", "2", "context.c", "3", "context.d", "4",
                        "context.e", "5", "context.f", "6"});
        for (String[] b : bad) {
            list(org, "/api/v1/contacts", java.util.Arrays.copyOfRange(b, 1, b.length)).statusCode(422)
                    .body("error.code", equalTo("VALIDATION_ERROR")).body("error.fields[0].field", equalTo(b[0]));
        }
        as(org).queryParam("context.city", "a", "b").get("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("context.city"));
        // at the limits, with blank values (not given), it lists
        list(org, "/api/v1/contacts", "title", "x".repeat(200), "context." + "k".repeat(64), "v".repeat(200),
                "context.a", "1", "context.b", "2", "context.c", "3", "context.d", "4", "context.e", "",
                "context.f", " ", "account_id", "").statusCode(200).body("data", empty());
        list(org, "/api/v1/contacts", "context.a.b-c_D", "1").statusCode(200);
    }

    @Test
    void everyCreatedOrUpdatedContactIsAnEvent() {
        String org = newOrg();
        try (EventTap tap = new EventTap("contacts.events")) {
            as(org).body("{\"contacts\":[{\"email\":\"e1@x.io\"},{\"email\":\"e2@x.io\"}]}").post("/api/v1/contacts")
                    .then().statusCode(201);
            as(org).body("{\"contacts\":[{\"email\":\"e2@x.io\",\"title\":\"CFO\"},{\"email\":\"e3@x.io\"}],\"upsert\":true}")
                    .post("/api/v1/contacts").then().statusCode(201);
            tap.await(e -> org.equals(e.orgId()) && "e3@x.io".equals(e.data().path("email").asText()), Duration.ofSeconds(20));
            var events = tap.seen(e -> org.equals(e.orgId()));
            assertEquals(List.of("contact.created", "contact.created", "contact.updated", "contact.created"),
                    events.stream().map(r -> r.event().type()).toList());
            assertEquals("CFO", events.get(2).event().data().path("title").asText());
        }
    }

    @Test
    void malformedBodiesAreValidationErrors() {
        String org = newOrg();
        as(org).body("[1,2]").post("/api/v1/contacts").then().statusCode(422);
        as(org).body("{\"contacts\":\"nope\"}").post("/api/v1/contacts").then().statusCode(422);
        as(org).body("{\"contacts\":[42]}").post("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("contacts[0]"));
        as(org).body("{\"email\":42}").post("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("email"));
        as(org).body("{\"email\":\"x@y.io\",\"upsert\":\"yes\"}").post("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("upsert"));
        as(org).body("{\"email\": ").post("/api/v1/contacts").then().statusCode(422);
    }
}
