package com.outreachpilot.contacts;

import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import static com.outreachpilot.contacts.ContactsApiTest.as;
import static com.outreachpilot.contacts.ContactsApiTest.newOrg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An upsert never fails because a concurrent upsert of the same new contact or company won the race. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class UpsertRacesTest {

    static final int RACERS = 20;

    /** {@code RACERS} calls at once, body {@code i} from racer {@code i}; the answers in racer order. */
    static List<Response> race(String org, String path, IntFunction<String> body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Response>> calls = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                String json = body.apply(i);
                calls.add(pool.submit(() -> {
                    start.await();
                    return as(org).body(json).post(path);
                }));
            }
            start.countDown();
            List<Response> answers = new ArrayList<>();
            for (Future<Response> call : calls) {
                answers.add(call.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void racingContactUpsertsOfOneNewEmailAllGetTheOneContact() throws Exception {
        String org = newOrg();
        List<Response> answers = race(org, "/api/v1/contacts", i ->
                "{\"upsert\":true,\"email\":\"Race@Upsert.io\",\"first_name\":\"W" + i + "\",\"title\":\"T" + i + "\"}");
        Set<String> ids = new HashSet<>();
        for (Response answer : answers) {
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 201, answer.asString());
            ids.add(answer.path("data.contacts[0].id"));
        }
        assertEquals(1, ids.size(), ids.toString());
        assertEquals(1, answers.stream().filter(a -> a.statusCode() == 201).count());
        Response stored = as(org).get("/api/v1/contacts").then().statusCode(200).extract().response();
        assertEquals(1, (int) stored.path("meta.total"));
        assertEquals(ids.iterator().next(), stored.path("data[0].id"));
        String firstName = stored.path("data[0].first_name");
        assertTrue(firstName.matches("W\\d+"), firstName);
        // one writer's body, not a mix of two
        assertEquals("T" + firstName.substring(1), stored.path("data[0].title"));
    }

    @Test
    void racingCompanyUpsertsOfOneNewDomainAllGetTheOneCompany() throws Exception {
        String org = newOrg();
        List<Response> answers = race(org, "/api/v1/companies", i ->
                "{\"upsert\":true,\"domain\":\"https://www.race-" + org.substring(0, 8) + ".io\",\"name\":\"N" + i
                        + "\",\"industry\":\"I" + i + "\"}");
        Set<String> ids = new HashSet<>();
        for (Response answer : answers) {
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 201, answer.asString());
            ids.add(answer.path("data.companies[0].id"));
        }
        assertEquals(1, ids.size(), ids.toString());
        assertEquals(1, answers.stream().filter(a -> a.statusCode() == 201).count());
        Response stored = as(org).get("/api/v1/companies").then().statusCode(200).extract().response();
        assertEquals(1, (int) stored.path("meta.total"));
        assertEquals(ids.iterator().next(), stored.path("data[0].id"));
        String name = stored.path("data[0].name");
        assertTrue(name.matches("N\\d+"), name);
        assertEquals("I" + name.substring(1), stored.path("data[0].industry"));
    }

    @Test
    void racingFindOrCreateOfOneNewEmailAllGetTheOneContact() throws Exception {
        String org = newOrg();
        List<Response> answers = race(org, "/internal/v1/contacts/find-or-create", i ->
                "{\"email\":\"found@race.io\",\"first_name\":\"W" + i + "\",\"title\":\"T" + i + "\"}");
        Set<String> ids = new HashSet<>();
        int created = 0;
        for (Response answer : answers) {
            assertEquals(200, answer.statusCode(), answer.asString());
            ids.add(answer.path("data.contact.id"));
            created += Boolean.TRUE.equals(answer.path("data.created")) ? 1 : 0;
        }
        assertEquals(1, ids.size(), ids.toString());
        assertEquals(1, created);
        Response stored = as(org).get("/api/v1/contacts").then().statusCode(200).extract().response();
        assertEquals(1, (int) stored.path("meta.total"));
        String firstName = stored.path("data[0].first_name");
        assertTrue(firstName.matches("W\\d+"), firstName);
        assertEquals("T" + firstName.substring(1), stored.path("data[0].title"));
    }

    /**
     * Bulk imports take turns (one slot): twenty 150-contact upserts of the same emails at once, each resumed on its
     * own request when its turn comes, all succeed, exactly one creates, and one writer's values win per contact.
     */
    @Test
    void racingBulkUpsertsTakeTurnsAndAllSucceed() throws Exception {
        String org = newOrg();
        List<Response> answers = race(org, "/api/v1/contacts", i -> {
            StringBuilder body = new StringBuilder("{\"upsert\":true,\"contacts\":[");
            for (int c = 0; c < 150; c++) {
                body.append(c == 0 ? "" : ",").append("{\"email\":\"bulk").append(c).append("@turns.io\",\"title\":\"T")
                        .append(i).append("\"}");
            }
            return body.append("]}").toString();
        });
        int created = 0;
        for (Response answer : answers) {
            assertTrue(answer.statusCode() == 200 || answer.statusCode() == 201, answer.asString());
            assertEquals(150, (int) answer.path("data.count"));
            created += answer.statusCode() == 201 ? 1 : 0;
        }
        assertEquals(1, created);
        Response stored = as(org).queryParam("limit", 200).get("/api/v1/contacts").then().statusCode(200).extract().response();
        assertEquals(150, (int) stored.path("meta.total"));
        List<String> titles = stored.path("data.title");
        // the last writer's batch is whole: every contact carries the same writer's title
        assertEquals(1, new HashSet<>(titles).size(), titles.toString());
    }
}
