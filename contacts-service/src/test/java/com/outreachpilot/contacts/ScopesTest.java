package com.outreachpilot.contacts;

import com.outreachpilot.platform.auth.InternalToken;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.outreachpilot.contacts.ContactsApiTest.newOrg;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * contacts-service checks the key's scope itself: a token the gateway minted for another route (a campaigns
 * key's token is good at contacts-service, for a trigger's find-or-create) reaches only what that key may do.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ScopesTest {

    private static RequestSpecification withScopes(String org, String... scopes) {
        String token = TestTokens.bearer("contacts-service",
                InternalToken.forKey(org, "key_scoped_" + org, List.of(scopes), "pro"));
        return given().header("Authorization", token).contentType("application/json");
    }

    @Test
    void aKeyWithoutTheContactsScopeIsRefusedEverywhereButTheTriggersFindOrCreate() {
        String org = newOrg();
        for (String path : new String[]{"/api/v1/contacts", "/api/v1/companies", "/api/v1/folders"}) {
            withScopes(org, "campaigns").get(path).then().statusCode(403)
                    .body("ok", equalTo(false))
                    .body("error.code", equalTo("SCOPE_DENIED"))
                    .body("error.details", containsString("contacts"));
            withScopes(org, "chat", "credits").get(path).then().statusCode(403).body("error.code", equalTo("SCOPE_DENIED"));
        }
        withScopes(org, "campaigns").body("{\"email\":\"x@y.io\"}").post("/api/v1/contacts").then().statusCode(403);
        withScopes(org, "chat").body("{\"email\":\"x@y.io\"}").post("/internal/v1/contacts/find-or-create")
                .then().statusCode(403).body("error.code", equalTo("SCOPE_DENIED"));
        // what a campaigns key's trigger needs, and nothing more
        withScopes(org, "campaigns").body("{\"email\":\"x@y.io\"}").post("/internal/v1/contacts/find-or-create")
                .then().statusCode(200).body("data.contact.email", equalTo("x@y.io"));
        withScopes(org, "contacts").get("/api/v1/contacts").then().statusCode(200).body("meta.total", equalTo(1));
        withScopes(org, "*").get("/api/v1/contacts").then().statusCode(200);
        // no token: still the roles check's 401
        given().get("/api/v1/contacts").then().statusCode(401);
    }
}
