package com.outreachpilot.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP server as an agent connects to it: the MCP Java SDK over Streamable HTTP through the gateway, with an
 * API key in the Authorization header. Tools by scope, calls that really act (seen through the REST API),
 * tenancy, and keys the gateway refuses before any MCP exchange.
 */
class McpEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static McpSyncClient connect(String key) {
        Stack.start();
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(Stack.gatewayUrl())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + key))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(30)).build();
        client.initialize();
        return client;
    }

    static Set<String> names(McpSyncClient client) {
        return client.listTools().tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
    }

    static JsonNode structured(McpSchema.CallToolResult result) {
        assertEquals(Boolean.FALSE, Boolean.TRUE.equals(result.isError()), result.toString());
        return JSON.valueToTree(result.structuredContent());
    }

    @Test
    void anAgentCreatesAContactThatTheApiThenShows() {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        String email = "mcp-" + UUID.randomUUID() + "@agents.io";
        try (McpSyncClient mcp = connect(key)) {
            assertTrue(names(mcp).containsAll(Set.of("search_contacts", "create_contact", "trigger_campaign",
                    "get_credits", "list_webhooks")), names(mcp).toString());
            JsonNode created = structured(mcp.callTool(new McpSchema.CallToolRequest("create_contact",
                    Map.of("email", email, "first_name", "Ada", "title", "CTO", "context", Map.of("city", "Lisbon")))));
            String id = created.path("id").asText();
            Gateway.withKey(key).get("/api/v1/contacts/" + id).then().statusCode(200)
                    .body("data.email", equalTo(email))
                    .body("data.first_name", equalTo("Ada"))
                    .body("data.context.city", equalTo("Lisbon"));
            // the same contact is found by the search tool, with the API's total
            JsonNode found = structured(mcp.callTool(new McpSchema.CallToolRequest("search_contacts",
                    Map.of("search", email))));
            assertEquals(1, found.path("total").asInt(), found.toString());
            assertEquals(id, found.path("contacts").path(0).path("id").asText());
            // credits and webhooks come from their own services, as the REST API shows them
            long remaining = Gateway.withKey(key).get("/api/v1/credits").then().statusCode(200).extract().jsonPath()
                    .getLong("data.credits_remaining");
            JsonNode credits = structured(mcp.callTool(new McpSchema.CallToolRequest("get_credits", Map.of())));
            assertEquals(remaining, credits.path("credits_remaining").asLong(), credits.toString());
            JsonNode webhooks = structured(mcp.callTool(new McpSchema.CallToolRequest("list_webhooks", Map.of())));
            assertEquals(0, webhooks.path("total").asInt(), webhooks.toString());
            // a refusal of the API is a tool error naming the API's code, not a protocol failure
            McpSchema.CallToolResult duplicate = mcp.callTool(new McpSchema.CallToolRequest("create_contact",
                    Map.of("email", email)));
            assertEquals(Boolean.TRUE, duplicate.isError(), duplicate.toString());
            assertTrue(((McpSchema.TextContent) duplicate.content().get(0)).text().startsWith("DUPLICATE_RESOURCE"),
                    duplicate.toString());
        }
    }

    @Test
    void aKeyWithoutTheCampaignsScopeNeitherSeesNorCallsTheCampaignTools() {
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("contacts")).get("key");
        try (McpSyncClient mcp = connect(key)) {
            Set<String> names = names(mcp);
            assertTrue(names.contains("create_contact"), names.toString());
            assertFalse(names.contains("trigger_campaign") || names.contains("list_campaigns")
                    || names.contains("list_webhooks") || names.contains("get_credits"), names.toString());
            McpError refused = assertThrows(McpError.class, () -> mcp.callTool(new McpSchema.CallToolRequest(
                    "list_campaigns", Map.of())));
            assertTrue(refused.getMessage().startsWith("SCOPE_DENIED"), refused.getMessage());
        }
    }

    @Test
    void anotherOrganizationsContactIsNotFoundThroughMcp() {
        String owner = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        String id = Gateway.withKey(owner).body(Map.of("email", "owner-" + UUID.randomUUID() + "@tenant.io"))
                .post("/api/v1/contacts").then().statusCode(201).extract().path("data.contacts[0].id");
        String other = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        try (McpSyncClient mcp = connect(other)) {
            McpSchema.CallToolResult result = mcp.callTool(new McpSchema.CallToolRequest("get_contact",
                    Map.of("contact_id", id)));
            assertEquals(Boolean.TRUE, result.isError(), result.toString());
            assertTrue(((McpSchema.TextContent) result.content().get(0)).text().startsWith("RESOURCE_NOT_FOUND"),
                    result.toString());
            JsonNode searched = structured(mcp.callTool(new McpSchema.CallToolRequest("search_contacts",
                    Map.of("search", "owner-"))));
            assertEquals(0, searched.path("total").asInt(), searched.toString());
        }
    }

    @Test
    void theReadmesMcpExampleRunsAsWritten() throws Exception {
        Stack.start();
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("contacts")).get("key");
        String output = Readme.run(Readme.block("# the protocol by hand"), key);
        // the last answer is tools/list (an event stream or JSON): the key's tools, not the campaign ones
        assertTrue(output.contains("\"create_contact\"") && output.contains("\"inputSchema\""), output);
        assertFalse(output.contains("\"trigger_campaign\""), output);
    }

    @Test
    void badKeysAndPlansAreRefusedByTheGatewayBeforeAnyMcpExchange() {
        Stack.start();
        String initialize = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"probe\",\"version\":\"1\"}}}";
        given().baseUri(Stack.gatewayUrl()).contentType("application/json").accept("application/json, text/event-stream")
                .body(initialize).post("/mcp").then().statusCode(401).body("error.code", equalTo("MISSING_AUTH"));
        given().baseUri(Stack.gatewayUrl()).contentType("application/json").accept("application/json, text/event-stream")
                .header("Authorization", "Bearer op_live_" + "x".repeat(32))
                .body(initialize).post("/mcp").then().statusCode(401).body("error.code", equalTo("INVALID_API_KEY"));
        String starter = Gateway.createKey(Gateway.createOrg("starter"), List.of("*")).get("key");
        given().baseUri(Stack.gatewayUrl()).contentType("application/json").accept("application/json, text/event-stream")
                .header("Authorization", "Bearer " + starter)
                .body(initialize).post("/mcp").then().statusCode(403).body("error.code", equalTo("PLAN_REQUIRED"));
        assertThrows(RuntimeException.class, () -> connect("op_live_" + "y".repeat(32)));
    }
}
