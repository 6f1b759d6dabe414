package com.outreachpilot.chat;

import com.outreachpilot.platform.auth.InternalToken;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestTokens;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The MCP server as an MCP client library meets it (the MCP Java SDK over Streamable HTTP), with the token the
 * gateway mints for a key: tools by scope, a call past the key's scopes refused, a tool whose service does not
 * answer reported as a tool error. Calls that reach the other services are tested through the gateway in
 * system-tests.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class McpServerTest {

    @TestHTTPResource("/")
    URI root;

    McpSyncClient client(List<String> scopes) {
        String org = UUID.randomUUID().toString();
        String token = TestTokens.mint("chat-service", InternalToken.forKey(org, "key_mcp_" + org, scopes, "pro"),
                Duration.ofSeconds(60));
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(root.toString())
                .endpoint("/mcp")
                .requestBuilder(HttpRequest.newBuilder().header("Authorization", "Bearer " + token))
                .build();
        McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(20)).build();
        client.initialize();
        return client;
    }

    static Set<String> names(McpSchema.ListToolsResult tools) {
        return tools.tools().stream().map(McpSchema.Tool::name).collect(Collectors.toSet());
    }

    @Test
    void aKeySeesTheToolsItsScopesAllowWithTheApiLimitsInTheirSchemas() {
        try (McpSyncClient all = client(List.of("*"))) {
            assertEquals("OutreachPilot", all.getCurrentInitializationResult().serverInfo().name());
            McpSchema.ListToolsResult tools = all.listTools();
            assertEquals(Set.of("search_contacts", "get_contact", "create_contact", "update_contact", "search_companies",
                    "get_company", "create_company", "list_campaigns", "campaign_status", "trigger_campaign",
                    "get_credits", "list_webhooks", "research_company"), names(tools));
            McpSchema.Tool search = tools.tools().stream().filter(t -> t.name().equals("search_contacts")).findFirst()
                    .orElseThrow();
            Map<?, ?> properties = (Map<?, ?>) search.inputSchema().get("properties");
            assertEquals(Map.of("type", "integer", "description", "How many to return, 1 to 50 (default 10)",
                    "minimum", 1, "maximum", 50), properties.get("limit"));
            assertEquals(List.of("new", "active", "replied", "bounced", "unsubscribed"),
                    ((Map<?, ?>) properties.get("status")).get("enum"));
            assertEquals("uuid", ((Map<?, ?>) properties.get("account_id")).get("format"));
            assertEquals(200, ((Map<?, ?>) properties.get("search")).get("maxLength"));
            McpSchema.Tool create = tools.tools().stream().filter(t -> t.name().equals("create_contact")).findFirst()
                    .orElseThrow();
            assertEquals(List.of("email"), create.inputSchema().get("required"));
            assertEquals(500, ((Map<?, ?>) ((Map<?, ?>) create.inputSchema().get("properties")).get("title"))
                    .get("maxLength"));
            assertEquals(false, create.inputSchema().get("additionalProperties"));
        }
        try (McpSyncClient contactsOnly = client(List.of("contacts"))) {
            assertEquals(Set.of("search_contacts", "get_contact", "create_contact", "update_contact", "search_companies",
                    "get_company", "create_company", "research_company"), names(contactsOnly.listTools()));
        }
        try (McpSyncClient creditsOnly = client(List.of("credits"))) {
            assertEquals(Set.of("get_credits"), names(creditsOnly.listTools()));
        }
    }

    @Test
    void aToolPastTheKeysScopesIsAJsonRpcErrorNamingScopeDenied() {
        try (McpSyncClient contactsOnly = client(List.of("contacts"))) {
            McpError refused = assertThrows(McpError.class, () -> contactsOnly.callTool(new McpSchema.CallToolRequest(
                    "trigger_campaign", Map.of("campaign_id", UUID.randomUUID().toString(), "email", "a@b.co"))));
            assertTrue(refused.getMessage().contains("SCOPE_DENIED"), refused.getMessage());
            assertTrue(refused.getMessage().contains("campaigns"), refused.getMessage());
        }
    }

    @Test
    void badArgumentsAndAnUnreachableServiceAreToolErrorsNotFailures() {
        try (McpSyncClient all = client(List.of("*"))) {
            McpSchema.CallToolResult badId = all.callTool(new McpSchema.CallToolRequest("get_contact",
                    Map.of("contact_id", "not-an-id")));
            assertEquals(Boolean.TRUE, badId.isError(), badId.toString());
            assertTrue(((McpSchema.TextContent) badId.content().get(0)).text().contains("contact_id must be an id"),
                    badId.toString());
            McpError unknown = assertThrows(McpError.class, () -> all.callTool(new McpSchema.CallToolRequest(
                    "drop_database", Map.of())));
            assertTrue(unknown.getMessage().toLowerCase().contains("drop_database"), unknown.getMessage());
        }
    }

    @Test
    void withoutAServiceTokenTheEndpointIs401() {
        given().contentType("application/json").accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}")
                .post("/mcp").then().statusCode(401);
        given().header("Authorization", TestTokens.adminBearer("chat-service")).contentType("application/json")
                .accept("application/json, text/event-stream")
                .body("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                .post("/mcp").then().statusCode(403);
    }
}
