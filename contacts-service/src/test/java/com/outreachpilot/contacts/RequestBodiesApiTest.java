package com.outreachpilot.contacts;

import com.outreachpilot.platform.testing.LocalInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.outreachpilot.contacts.CompaniesApiTest.company;
import static com.outreachpilot.contacts.ContactsApiTest.as;
import static com.outreachpilot.contacts.ContactsApiTest.create;
import static com.outreachpilot.contacts.ContactsApiTest.newOrg;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/** How request bodies are read: every bad item and field named at once, absent fields kept, null ones cleared. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class RequestBodiesApiTest {

    static final String STATUS = "must be one of new, active, replied, bounced, unsubscribed";

    @Test
    void aBatchNamesEveryBadItemWhateverIsWrongWithIt() {
        String org = newOrg();
        as(org).body("{\"contacts\":[{\"email\":\"ok@x.io\"},{\"email\":42,\"first_name\":\"A\"},{\"email\":\"bad\"},"
                        + "{\"first_name\":7,\"email\":\"c@x.io\"},{\"email\":\"d@x.io\",\"status\":null},"
                        + "{\"email\":\"e@x.io\",\"folder_id\":\"nope\"},{\"email\":\"f@x.io\",\"context\":\"x\"},\"str\","
                        + "{\"email\":\"g@x.io\",\"title\":\"" + "t".repeat(501) + "\"}]}")
                .post("/api/v1/contacts").then().statusCode(422)
                .body("error.code", equalTo("VALIDATION_ERROR"))
                .body("error.message", equalTo("Invalid values for 8 fields"))
                .body("error.fields.field", equalTo(List.of("contacts[1].email", "contacts[2].email",
                        "contacts[3].first_name", "contacts[4].status", "contacts[5].folder_id", "contacts[6].context",
                        "contacts[7]", "contacts[8].title")))
                .body("error.fields.message", equalTo(List.of("is required and must be a string",
                        "must be a valid email address", "must be a string", STATUS,
                        "must be the id of one of your folders, or null", "must be an object", "must be an object",
                        "must be at most 500 characters")));
        as(org).get("/api/v1/contacts").then().body("meta.total", equalTo(0));
    }

    /** What the database or the event path cannot take is refused up front, naming the field, and nothing is written. */
    @Test
    void aNulCharacterOrAnOversizedContextIsRefusedNamingTheField() {
        String org = newOrg();
        as(org).body("{\"email\":\"n@x.io\",\"first_name\":\"a\\u0000b\"}").post("/api/v1/contacts")
                .then().statusCode(422).body("error.fields[0].field", equalTo("first_name"));
        as(org).body("{\"email\":\"n@x.io\",\"context\":{\"k\\u0000\":1}}").post("/api/v1/contacts")
                .then().statusCode(422).body("error.fields[0].field", equalTo("context"));
        as(org).body("{\"contacts\":[{\"email\":\"a@x.io\"},{\"email\":\"b@x.io\",\"notes\":[\"x\\u0000\"]}]}")
                .post("/api/v1/contacts").then().statusCode(422).body("error.fields[0].field", equalTo("contacts[1].notes"));
        String big = "x".repeat(70_000);
        as(org).body("{\"email\":\"big@x.io\",\"context\":{\"notes\":\"" + big + "\"}}").post("/api/v1/contacts")
                .then().statusCode(422).body("error.fields[0].field", equalTo("context"));
        as(org).body("{\"contacts\":[{\"email\":\"a@x.io\"},{\"email\":\"big@x.io\",\"bio\":\"" + big + "\"}]}")
                .post("/api/v1/contacts").then().statusCode(422).body("error.fields[0].field", equalTo("contacts[1].context"));
        as(org).body("{\"name\":\"Big\",\"domain\":\"big.io\",\"context\":{\"notes\":\"" + big + "\"}}")
                .post("/api/v1/companies").then().statusCode(422).body("error.fields[0].field", equalTo("context"));
        as(org).get("/api/v1/contacts").then().body("meta.total", equalTo(0));
        as(org).queryParam("search", "a\u0000b").get("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("search"));
        as(org).queryParam("search", "a\u0000b").get("/api/v1/companies").then().statusCode(422);
        as(org).queryParam("updated_since", "+1000000000-01-01T00:00:00Z").get("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("updated_since"));
        as(org).queryParam("updated_since", "-1000000000-01-01T00:00:00Z").get("/api/v1/contacts").then().statusCode(200);
        // just under the limit is fine
        as(org).body("{\"email\":\"fits@x.io\",\"context\":{\"notes\":\"" + "y".repeat(60_000) + "\"}}")
                .post("/api/v1/contacts").then().statusCode(201);
    }

    @Test
    void theEnvelopeIsCheckedFirst() {
        String org = newOrg();
        as(org).body("{\"email\":\"x@y.io\",\"upsert\":\"yes\"}").post("/api/v1/contacts").then().statusCode(422)
                .body("error.fields[0].field", equalTo("upsert")).body("error.fields[0].message", equalTo("must be true or false"));
        for (String list : List.of("\"nope\"", "[]", "null")) {
            as(org).body("{\"contacts\":" + list + "}").post("/api/v1/contacts").then().statusCode(422)
                    .body("error.fields.field", equalTo(List.of("contacts")))
                    .body("error.fields[0].message", equalTo("must be an array of 1 to 1000 items"));
        }
        as(org).body("[]").post("/api/v1/contacts").then().statusCode(422).body("error.fields[0].field", equalTo("body"));
    }

    @Test
    void anUpdateChangesGivenFieldsClearsNullOnesAndRefusesANullEmailOrStatus() {
        String org = newOrg();
        String id = create(org, "{\"email\":\"n@x.io\",\"first_name\":\"Nat\",\"title\":\"CTO\",\"status\":\"active\"}");
        as(org).body("{\"title\":null,\"company\":\"  Acme  \"}").put("/api/v1/contacts/" + id).then().statusCode(200)
                .body("data.title", nullValue()).body("data.first_name", equalTo("Nat"))
                .body("data.company", equalTo("Acme")).body("data.status", equalTo("active"));
        as(org).body("{\"status\":null}").put("/api/v1/contacts/" + id).then().statusCode(422)
                .body("error.fields[0].field", equalTo("status")).body("error.fields[0].message", equalTo(STATUS));
        for (String email : List.of("null", "\"  \"", "7")) {
            as(org).body("{\"email\":" + email + "}").put("/api/v1/contacts/" + id).then().statusCode(422)
                    .body("error.fields[0].field", equalTo("email"))
                    .body("error.fields[0].message", equalTo("is required and must be a string"));
        }
        as(org).body("{\"first_name\":1,\"last_name\":true}").put("/api/v1/contacts/" + id).then().statusCode(422)
                .body("error.fields[0].field", equalTo("first_name"));
        as(org).get("/api/v1/contacts/" + id).then().body("data.email", equalTo("n@x.io")).body("data.status", equalTo("active"));
    }

    @Test
    void aCompanySizeIsTextOrAWholeNumberAndANullDomainClearsIt() {
        String org = newOrg();
        String id = company(org, "{\"name\":\"Sized\",\"domain\":\"sized.io\",\"size\":51}");
        as(org).get("/api/v1/companies/" + id).then().body("data.size", equalTo("51"));
        for (String size : List.of("1.5", "true", "{}")) {
            as(org).body("{\"size\":" + size + "}").put("/api/v1/companies/" + id).then().statusCode(422)
                    .body("error.fields[0].field", equalTo("size"))
                    .body("error.fields[0].message", equalTo("must be a string such as \"51-200\" or a whole number"));
        }
        as(org).body("{\"domain\":null,\"size\":\"11-50\"}").put("/api/v1/companies/" + id).then().statusCode(200)
                .body("data.domain", nullValue()).body("data.size", equalTo("11-50")).body("data.name", equalTo("Sized"));
    }
}
