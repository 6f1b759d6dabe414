package com.outreachpilot.contacts;

import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static com.outreachpilot.contacts.ContactsApiTest.as;
import static com.outreachpilot.contacts.ContactsApiTest.create;
import static com.outreachpilot.contacts.ContactsApiTest.newOrg;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class CompaniesApiTest {

    static String company(String org, String json) {
        return as(org).body(json).post("/api/v1/companies").then().statusCode(201).extract().path("data.companies[0].id");
    }

    static String accountOf(String org, String contactId) {
        return as(org).get("/api/v1/contacts/" + contactId).then().statusCode(200).extract().path("data.account_id");
    }

    @Test
    void createsAndListsExactlyAsTheReferenceExamples() {
        String org = newOrg();
        as(org).body("{\"name\":\"Acme Corp\",\"domain\":\"acme.com\",\"industry\":\"Software\"}")
                .post("/api/v1/companies").then().statusCode(201)
                .body("ok", equalTo(true))
                .body("data.count", equalTo(1))
                .body("data.companies[0].id", notNullValue())
                .body("data.companies[0].name", equalTo("Acme Corp"))
                .body("data.companies[0].domain", equalTo("acme.com"))
                .body("data.companies[0].industry", equalTo("Software"))
                .body("data.companies[0].size", nullValue())
                .body("data.companies[0].context", equalTo(java.util.Map.of()));
        company(org, "{\"name\":\"Other\",\"domain\":\"other.io\"}");
        as(org).get("/api/v1/companies?domain=acme.com").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("data", hasSize(1))
                .body("data[0].name", equalTo("Acme Corp"))
                .body("meta.total", equalTo(1))
                .body("meta.has_more", equalTo(false))
                .body("meta.limit", equalTo(50))
                .body("meta.offset", equalTo(0));
        // the filter is normalized like the stored domain
        as(org).get("/api/v1/companies?domain=https://WWW.acme.com/pricing").then().body("data", hasSize(1));
        as(org).get("/api/v1/companies?domain=not a domain").then().statusCode(422).body("error.fields[0].field", equalTo("domain"));
    }

    @Test
    void domainsAreNormalizedAndValidated() {
        String org = newOrg();
        as(org).body("{\"name\":\"Acme\",\"domain\":\"https://www.Acme.com/about\"}").post("/api/v1/companies")
                .then().statusCode(201).body("data.companies[0].domain", equalTo("acme.com"));
        as(org).body("{\"domain\":\"HTTP://Sub.Example.co.uk:8080/x?y=1\"}").post("/api/v1/companies")
                .then().statusCode(201).body("data.companies[0].domain", equalTo("sub.example.co.uk"));
        as(org).body("{\"companies\":[{\"domain\":\"fine.io\"},{\"domain\":\"localhost\"},{\"domain\":\"bad_domain!.com\"},"
                        + "{\"size\":[1]}]}").post("/api/v1/companies").then().statusCode(422)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.fields.field", equalTo(List.of("companies[1].domain", "companies[2].domain", "companies[3].size")));
        as(org).get("/api/v1/companies?domain=fine.io").then().body("data", empty());
        // a company needs no domain, and may have a numeric size
        as(org).body("{\"name\":\"Stealth\",\"size\":120}").post("/api/v1/companies").then().statusCode(201)
                .body("data.companies[0].domain", nullValue()).body("data.companies[0].size", equalTo("120"));
    }

    @Test
    void upsertIsKeyedByDomainAndDuplicatesAreConflicts() {
        String org = newOrg();
        String id = company(org, "{\"name\":\"Acme\",\"domain\":\"acme.com\",\"size\":\"11-50\"}");
        as(org).body("{\"name\":\"Acme Again\",\"domain\":\"www.acme.com\"}").post("/api/v1/companies").then()
                .statusCode(409).body("error.code", equalTo("DUPLICATE_RESOURCE"));
        as(org).body("{\"name\":\"Acme Inc\",\"domain\":\"ACME.com\",\"upsert\":true}").post("/api/v1/companies").then()
                .statusCode(200)
                .body("data.companies[0].id", equalTo(id))
                .body("data.companies[0].name", equalTo("Acme Inc"))
                .body("data.companies[0].size", equalTo("11-50"));
        // in one batch the same domain is one company with the later fields
        as(org).body("{\"companies\":[{\"domain\":\"b.io\",\"name\":\"B1\",\"industry\":\"AI\"},{\"name\":\"NoDomain\"},"
                        + "{\"domain\":\"https://b.io\",\"name\":\"B2\"}]}").post("/api/v1/companies").then().statusCode(201)
                .body("data.count", equalTo(2))
                .body("data.companies[0].name", equalTo("B2"))
                .body("data.companies[0].industry", equalTo("AI"))
                .body("data.companies[1].name", equalTo("NoDomain"));
        // a batch with one existing domain and no upsert writes nothing
        as(org).body("{\"companies\":[{\"domain\":\"new.io\"},{\"domain\":\"acme.com\"}]}").post("/api/v1/companies")
                .then().statusCode(409);
        as(org).get("/api/v1/companies?domain=new.io").then().body("data", empty());
        as(org).get("/api/v1/companies").then().body("meta.total", equalTo(3));
    }

    @Test
    void unknownFieldsGoToContextAndPutMergesIt() {
        String org = newOrg();
        String id = as(org).body("{\"name\":\"Acme\",\"domain\":\"ctx.io\",\"hq\":\"Berlin\",\"tags\":[\"a\"]}")
                .post("/api/v1/companies").then().statusCode(201)
                .body("data.companies[0].context.hq", equalTo("Berlin"))
                .body("data.companies[0].context.tags[0]", equalTo("a"))
                .extract().path("data.companies[0].id");
        as(org).body("{\"industry\":\"Robotics\",\"funding\":\"Series B\",\"context\":{\"hq\":\"Munich\"}}")
                .put("/api/v1/companies/" + id).then().statusCode(200)
                .body("data.name", equalTo("Acme"))
                .body("data.industry", equalTo("Robotics"))
                .body("data.context.hq", equalTo("Munich"))
                .body("data.context.funding", equalTo("Series B"))
                .body("data.context.tags[0]", equalTo("a"));
        as(org).get("/api/v1/companies/" + id).then().statusCode(200).body("data.context.funding", equalTo("Series B"));
        as(org).body("{\"name\":7}").put("/api/v1/companies/" + id).then().statusCode(422).body("error.fields[0].field", equalTo("name"));
    }

    @Test
    void aContactCreatedBeforeTheCompanyIsLinkedWhenTheCompanyArrives() {
        String org = newOrg();
        String otherOrg = newOrg();
        String foreign = create(otherOrg, "{\"email\":\"carl@acme.com\"}");
        String ann = create(org, "{\"email\":\"ann@acme.com\"}");
        String bob = create(org, "{\"email\":\"bob@elsewhere.com\"}");
        String acme = company(org, "{\"name\":\"Acme\",\"domain\":\"https://www.acme.com\"}");
        assertEquals(acme, accountOf(org, ann));
        assertEquals(null, accountOf(org, bob));
        // the same domain in another organization is not linked
        assertEquals(null, accountOf(otherOrg, foreign));
    }

    @Test
    void aContactCreatedAfterTheCompanyIsLinkedAtOnceAndFollowsItsEmail() {
        String org = newOrg();
        String acme = company(org, "{\"name\":\"Acme\",\"domain\":\"acme.com\"}");
        String globex = company(org, "{\"name\":\"Globex\",\"domain\":\"globex.com\"}");
        as(org).body("{\"contacts\":[{\"email\":\"x@ACME.com\"},{\"email\":\"y@other.org\"}]}").post("/api/v1/contacts")
                .then().statusCode(201)
                .body("data.contacts[0].account_id", equalTo(acme))
                .body("data.contacts[1].account_id", nullValue());
        String x = as(org).get("/api/v1/contacts?search=x@acme").then().extract().path("data[0].id");
        as(org).body("{\"email\":\"x@globex.com\"}").put("/api/v1/contacts/" + x).then().statusCode(200)
                .body("data.account_id", equalTo(globex));
        as(org).body("{\"email\":\"x@nowhere.net\"}").put("/api/v1/contacts/" + x).then().statusCode(200)
                .body("data.account_id", nullValue());
        // account_id is derived from the email, not taken from the request
        as(org).body("{\"account_id\":\"" + acme + "\"}").put("/api/v1/contacts/" + x).then().statusCode(200)
                .body("data.account_id", nullValue());
    }

    @Test
    void changingACompanysDomainRelinksItsContacts() {
        String org = newOrg();
        String oldOne = create(org, "{\"email\":\"a@old.io\"}");
        String newOne = create(org, "{\"email\":\"b@new.io\"}");
        String id = company(org, "{\"name\":\"Renamed\",\"domain\":\"old.io\"}");
        assertEquals(id, accountOf(org, oldOne));
        as(org).body("{\"domain\":\"www.new.io\"}").put("/api/v1/companies/" + id).then().statusCode(200)
                .body("data.domain", equalTo("new.io"));
        assertEquals(null, accountOf(org, oldOne));
        assertEquals(id, accountOf(org, newOne));
        company(org, "{\"domain\":\"taken.io\"}");
        as(org).body("{\"domain\":\"taken.io\"}").put("/api/v1/companies/" + id).then().statusCode(409);
    }

    @Test
    void deletingACompanyKeepsItsContactsUnlinked() {
        String org = newOrg();
        String contact = create(org, "{\"email\":\"d@gone.io\"}");
        String id = company(org, "{\"domain\":\"gone.io\"}");
        assertEquals(id, accountOf(org, contact));
        as(org).delete("/api/v1/companies/" + id).then().statusCode(200)
                .body("ok", equalTo(true)).body("data.deleted", equalTo(true)).body("data.id", equalTo(id));
        assertEquals(null, accountOf(org, contact));
        as(org).get("/api/v1/companies/" + id).then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        as(org).delete("/api/v1/companies/" + id).then().statusCode(404);
    }

    @Test
    void anotherOrganizationsCompanyIsIndistinguishableFromNone() {
        String org = newOrg();
        String id = company(org, "{\"name\":\"Mine\",\"domain\":\"mine.io\"}");
        String other = newOrg();
        for (String path : List.of("/api/v1/companies/" + id, "/api/v1/companies/" + UUID.randomUUID(), "/api/v1/companies/nope")) {
            as(other).get(path).then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
            as(other).body("{\"name\":\"x\"}").put(path).then().statusCode(404);
            as(other).delete(path).then().statusCode(404);
        }
        as(other).get("/api/v1/companies?domain=mine.io").then().body("data", empty());
        // the other organization may use the same domain
        company(other, "{\"domain\":\"mine.io\"}");
        as(org).get("/api/v1/companies/" + id).then().statusCode(200).body("data.name", equalTo("Mine"));
    }

    @Test
    void searchAndPaging() {
        String org = newOrg();
        company(org, "{\"companies\":[{\"name\":\"100% Juice\",\"domain\":\"juice.io\"},{\"name\":\"Under_score\",\"domain\":\"u.io\"},"
                + "{\"name\":\"O'Brien & Sons\",\"industry\":\"Pubs\"},{\"name\":\"Zürich Versicherung\",\"domain\":\"zurich.ch\"}]}");
        as(org).given().queryParam("search", "100%").get("/api/v1/companies").then().body("data", hasSize(1));
        as(org).given().queryParam("search", "d_r").get("/api/v1/companies").then().body("data", empty());
        as(org).given().queryParam("search", "o'brien").get("/api/v1/companies").then().body("data", hasSize(1));
        as(org).given().queryParam("search", "ZÜRICH").get("/api/v1/companies").then().body("data", hasSize(1));
        as(org).given().queryParam("search", "pubs").get("/api/v1/companies").then().body("data[0].name", equalTo("O'Brien & Sons"));
        as(org).get("/api/v1/companies?limit=2&offset=1").then().body("data", hasSize(2))
                .body("data[0].name", equalTo("Under_score")).body("meta.has_more", equalTo(true)).body("meta.total", equalTo(4));
        for (String bad : List.of("limit=0", "limit=201", "limit=-1", "limit=abc", "offset=-1", "offset=x")) {
            as(org).get("/api/v1/companies?" + bad).then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"));
        }
        as(org).get("/api/v1/companies?limit=200").then().statusCode(200).body("meta.limit", equalTo(200));
    }

    /** The names a company list with these query parameters shows, in order. */
    static List<String> names(String org, String... parameters) {
        return ContactsApiTest.list(org, "/api/v1/companies", parameters).statusCode(200).extract().path("data.name");
    }

    @Test
    void filtersByIndustryAndContext() {
        String org = newOrg();
        company(org, "{\"companies\":[{\"name\":\"Ledger\",\"domain\":\"ledger.io\",\"industry\":\"FinTech\",\"hq\":\"New York\"},"
                + "{\"name\":\"Coin\",\"industry\":\"fintech\",\"hq\":\"London\",\"employees\":120},"
                + "{\"name\":\"Bank\",\"industry\":\"Fintech & Banking\",\"context\":{\"hq\":\"new york\"}},"
                + "{\"name\":\"Shop\",\"industry\":\"Retail\",\"hq\":\"NEW YORK\",\"public\":false},"
                + "{\"name\":\"Stealth\"}]}");
        String intruder = newOrg();
        company(intruder, "{\"name\":\"Theirs\",\"industry\":\"Fintech\",\"hq\":\"New York\"}");

        // industry: the whole value, ignoring case (and trimmed)
        assertEquals(List.of("Ledger", "Coin"), names(org, "industry", "FINTECH"));
        assertEquals(List.of("Ledger", "Coin"), names(org, "industry", " fintech "));
        assertEquals(List.of("Bank"), names(org, "industry", "fintech & banking"));
        assertEquals(List.of(), names(org, "industry", "fin"));
        assertEquals(List.of("Theirs"), names(intruder, "industry", "fintech"));
        // context: the value ignoring case, the key exactly; numbers and booleans by their JSON text
        assertEquals(List.of("Ledger", "Bank", "Shop"), names(org, "context.hq", "new york"));
        assertEquals(List.of(), names(org, "context.HQ", "new york"));
        assertEquals(List.of("Coin"), names(org, "context.employees", "120"));
        assertEquals(List.of("Shop"), names(org, "context.public", "False"));
        // together, and with search and domain, with exact totals
        ContactsApiTest.list(org, "/api/v1/companies", "industry", "fintech", "context.hq", "New York")
                .body("meta.total", equalTo(1)).body("data.name", equalTo(List.of("Ledger")));
        assertEquals(List.of("Ledger"), names(org, "context.hq", "new york", "search", "ledg"));
        assertEquals(List.of(), names(org, "context.hq", "new york", "domain", "coin.io"));
        ContactsApiTest.list(org, "/api/v1/companies", "context.hq", "new york", "limit", "2", "offset", "1")
                .body("meta.total", equalTo(3)).body("meta.has_more", equalTo(false))
                .body("data.name", equalTo(List.of("Bank", "Shop")));
        // bad values name their parameter
        ContactsApiTest.list(org, "/api/v1/companies", "industry", "x".repeat(501)).statusCode(422)
                .body("error.fields[0].field", equalTo("industry"));
        ContactsApiTest.list(org, "/api/v1/companies", "context.h q", "x").statusCode(422)
                .body("error.fields[0].field", equalTo("context.h q"));
        ContactsApiTest.list(org, "/api/v1/companies", "context.hq", "x".repeat(201)).statusCode(422)
                .body("error.fields[0].field", equalTo("context.hq"));
        assertEquals(List.of(), names(org, "industry", "x".repeat(500)));
    }

    @Test
    void companyChangesAndTheLinksTheyMakeAreEvents() {
        String org = newOrg();
        try (EventTap tap = new EventTap("contacts.events")) {
            String contact = create(org, "{\"email\":\"ev@events.io\"}");
            String id = company(org, "{\"name\":\"Ev\",\"domain\":\"events.io\"}");
            as(org).delete("/api/v1/companies/" + id).then().statusCode(200);
            tap.await(e -> org.equals(e.orgId()) && e.type().equals("contact.updated") && e.data().path("account_id").isNull(),
                    Duration.ofSeconds(20));
            var events = tap.seen(e -> org.equals(e.orgId()));
            assertEquals(List.of("contact.created", "company.created", "contact.updated", "company.deleted", "contact.updated"),
                    events.stream().map(r -> r.event().type()).toList());
            assertEquals("events.io", events.get(1).event().data().path("domain").asText());
            assertEquals(id, events.get(2).event().data().path("account_id").asText());
            assertEquals(contact, events.get(2).event().data().path("id").asText());
            // deleting the company unlinks the contact, visibly
            assertTrue(events.get(4).event().data().path("account_id").isNull());
        }
    }
}
