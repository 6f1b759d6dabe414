package com.outreachpilot.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.client.ApiClient;
import com.outreachpilot.client.ApiException;
import com.outreachpilot.client.api.ContactsApi;
import com.outreachpilot.client.api.CreditsApi;
import com.outreachpilot.client.model.ApiResponseContactImportResult;
import com.outreachpilot.client.model.ApiResponseListContactView;
import com.outreachpilot.client.model.ContactInput;
import com.outreachpilot.client.model.ContactView;
import com.outreachpilot.client.model.CreateContacts;
import com.outreachpilot.client.model.Credits;
import com.outreachpilot.client.model.NewContact;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document as users take it: the one the gateway serves is the one this build generated its client
 * from, it lints without errors, and the generated client works against the running stack.
 */
class OpenApiDocumentTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String served() {
        return Gateway.anonymous().get("/openapi.json").then().statusCode(200).extract().asString();
    }

    @Test
    void theGatewayServesTheDocumentTheClientWasGeneratedFrom() throws Exception {
        JsonNode built = MAPPER.readTree(new File("target/openapi/outreachpilot.json"));
        assertEquals(built, MAPPER.readTree(served()),
                "the merged document of the running services differs from the one merged at build time");
    }

    @Test
    void theDocumentLintsWithoutErrors() throws Exception {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(served(), null, options);
        assertNotNull(parsed.getOpenAPI());
        assertEquals(List.of(), parsed.getMessages());

        // what a generated client and an agent rely on beyond the parser's rules
        JsonNode doc = MAPPER.readTree(served());
        Set<String> ids = new HashSet<>();
        List<String> problems = new ArrayList<>();
        doc.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String name = op.getKey().toUpperCase() + " " + path.getKey();
            JsonNode operation = op.getValue();
            if (!operation.path("operationId").isTextual() || !ids.add(operation.get("operationId").asText())) {
                problems.add(name + ": no operationId, or one another operation has");
            }
            if (!operation.path("summary").isTextual()) {
                problems.add(name + ": no summary");
            }
            boolean success = false;
            for (Map.Entry<String, JsonNode> answer : iterable(operation.path("responses"))) {
                success |= answer.getKey().startsWith("2");
                if (!answer.getValue().path("content").path("application/json").path("schema").isObject()) {
                    problems.add(name + " " + answer.getKey() + ": no JSON schema");
                }
            }
            if (!success) {
                problems.add(name + ": no success answer");
            }
            for (JsonNode parameter : operation.path("parameters")) {
                if (!parameter.has("$ref") && !parameter.path("schema").path("type").isTextual()) {
                    problems.add(name + ": parameter " + parameter.path("name").asText() + " has no type");
                }
            }
            if (path.getKey().startsWith("/api/") && !operation.path("x-scope").isTextual()) {
                problems.add(name + ": no x-scope");
            }
        }));
        assertEquals(List.of(), problems);
        assertTrue(ids.size() > 50, "operations: " + ids.size());
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }

    @Test
    void aClientGeneratedFromTheDocumentManagesContactsAndReadsCredits() throws Exception {
        String org = Gateway.createOrg("pro");
        String key = Gateway.createKey(org, List.of("*")).get("key");
        ApiClient client = new ApiClient();
        client.updateBaseUri(Stack.gatewayUrl());
        client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + key));
        ContactsApi contacts = new ContactsApi(client);

        String email = "generated." + System.nanoTime() + "@client.io";
        ApiResponseContactImportResult created = contacts.createContacts(
                new CreateContacts(new NewContact().email(email).firstName("Ada").lastName("Lovelace")), null);
        assertTrue(created.getOk());
        ContactView contact = created.getData().getContacts().get(0);
        assertEquals("Ada", contact.getFirstName());
        assertEquals(email, contact.getEmail());
        assertNotNull(contact.getCreatedAt());

        ApiResponseListContactView listed = contacts.listContacts(null, null, null, null, null, email, null, null, null);
        assertEquals(1, listed.getData().size());
        assertEquals(1, listed.getMeta().getTotal());
        assertEquals(contact.getId(), listed.getData().get(0).getId());

        assertEquals("Lovelace", contacts.getContact(contact.getId()).getData().getLastName());
        ContactView updated = contacts.updateContact(contact.getId(), new ContactInput().title("Analyst"), null).getData();
        assertEquals("Analyst", updated.getTitle());
        assertEquals("Ada", updated.getFirstName());

        assertTrue(contacts.deleteContact(contact.getId()).getData().getDeleted());
        ApiException gone = assertThrows(ApiException.class, () -> contacts.getContact(contact.getId()));
        assertEquals(404, gone.getCode());
        assertTrue(gone.getResponseBody().contains("RESOURCE_NOT_FOUND"), gone.getResponseBody());

        Credits credits = new CreditsApi(client).getCredits().getData();
        assertEquals(5000, credits.getCreditsRemaining());
        assertEquals("pro", credits.getPlanTier());
    }
}
