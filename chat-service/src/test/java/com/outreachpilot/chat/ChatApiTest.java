package com.outreachpilot.chat;

import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestInfrastructure;
import com.outreachpilot.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * The chat endpoints as a client meets them on a server with no model configured (the default local run):
 * every refusal in the envelope, threads scoped to their organization. The agent itself, with a scripted
 * OpenAI-compatible model and the real services, is tested end to end in system-tests.
 */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ChatApiTest {

    static RequestSpecification as(String org) {
        return given().header("Authorization", TestTokens.bearer("chat-service", org)).contentType("application/json");
    }

    @Test
    void withoutAModelAMessageIs503SayingWhatToSet() {
        as(UUID.randomUUID().toString()).body("{\"message\":\"Find me 10 VP-level fintech contacts in NYC\"}")
                .post("/api/v1/chat").then().statusCode(503)
                .body("ok", equalTo(false))
                .body("error.code", equalTo("AI_UNAVAILABLE"))
                .body("error.details", containsString("OPENAI_BASE_URL"))
                .body("error.details", containsString("OPENAI_API_KEY"));
        com.outreachpilot.platform.testing.Management.given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void badMessagesAre422NamingTheField() {
        String org = UUID.randomUUID().toString();
        String[][] cases = {
                {"{}", "message"},
                {"{\"message\":\"\"}", "message"},
                {"{\"message\":\"   \"}", "message"},
                {"{\"message\":42}", "message"},
                {"{\"message\":[\"hi\"]}", "message"},
                {"{\"message\":\"" + "x".repeat(8_001) + "\"}", "message"},
                {"{\"message\":\"a\\u0000b\"}", "message"},
                {"{\"message\":\"hi\",\"thread_id\":\"not-a-thread\"}", "thread_id"},
                {"{\"message\":\"hi\",\"thread_id\":\"../../internal\"}", "thread_id"},
                {"{\"message\":\"hi\",\"thread_id\":7}", "thread_id"},
                {"{\"message\":\"hi\",\"model\":\"gpt-5-ultra\"}", "model"},
        };
        for (String[] c : cases) {
            as(org).body(c[0]).post("/api/v1/chat").then().statusCode(422)
                    .body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.fields[0].field", equalTo(c[1]));
        }
        as(org).body("\"hello\"").post("/api/v1/chat").then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"));
        as(org).body("{\"message\":").post("/api/v1/chat").then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"));
        // the longest message is accepted (then refused only because no model is configured)
        as(org).body("{\"message\":\"" + "x".repeat(8_000) + "\"}").post("/api/v1/chat").then().statusCode(503);
    }

    @Test
    void anUnknownOrAnotherOrganizationsThreadIs404() throws Exception {
        String owner = UUID.randomUUID().toString();
        String other = UUID.randomUUID().toString();
        String thread = seedThread(owner, "Owner thread");
        for (String body : new String[] {
                "{\"message\":\"hi\",\"thread_id\":\"" + thread + "\"}",
                "{\"message\":\"hi\",\"thread_id\":\"" + UUID.randomUUID() + "\"}"}) {
            as(other).body(body).post("/api/v1/chat").then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        }
        as(other).get("/api/v1/chat/threads/" + thread).then().statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        as(other).delete("/api/v1/chat/threads/" + thread).then().statusCode(404);
        as(other).get("/api/v1/chat/threads").then().statusCode(200).body("data", hasSize(0)).body("meta.total", equalTo(0));
        // the owner still has it, untouched
        as(owner).get("/api/v1/chat/threads/" + thread).then().statusCode(200).body("data.thread.id", equalTo(thread));
    }

    @Test
    void threadsListAndShowTheirMessagesInOrderThenDelete() throws Exception {
        String org = UUID.randomUUID().toString();
        String older = seedThread(org, "First thread");
        String newer = seedThread(org, "Second thread");
        as(org).get("/api/v1/chat/threads").then().statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].id", equalTo(newer))
                .body("data[1].id", equalTo(older))
                .body("data[0].message_count", equalTo(2))
                .body("meta.total", equalTo(2));
        as(org).get("/api/v1/chat/threads/" + older).then().statusCode(200)
                .body("data.thread.title", equalTo("First thread"))
                .body("data.messages", hasSize(2))
                .body("data.messages[0].role", equalTo("user"))
                .body("data.messages[0].content", equalTo("First thread"))
                .body("data.messages[0].tool_calls", nullValue())
                .body("data.messages[1].role", equalTo("assistant"))
                .body("data.messages[1].tool_calls[0].name", equalTo("search_contacts"))
                .body("data.messages[1].tool_calls[0].duration_ms", equalTo(12))
                .body("data.messages[1].usage.input_tokens", equalTo(120))
                .body("data.messages[1].credits_used", equalTo(1))
                .body("meta.total", equalTo(2));
        as(org).get("/api/v1/chat/threads/" + older + "?limit=1&offset=1").then().statusCode(200)
                .body("data.messages", hasSize(1)).body("data.messages[0].role", equalTo("assistant"))
                .body("meta.has_more", equalTo(false));
        as(org).delete("/api/v1/chat/threads/" + older).then().statusCode(200).body("data.deleted", equalTo(true));
        as(org).get("/api/v1/chat/threads/" + older).then().statusCode(404);
        as(org).get("/api/v1/chat/threads").then().statusCode(200).body("data", hasSize(1));
        as(org).get("/api/v1/chat/threads/not-a-uuid").then().statusCode(404);
    }

    /** A thread with one exchange, as an answered message leaves it. */
    static String seedThread(String org, String text) throws Exception {
        String thread = UUID.randomUUID().toString();
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl()); Statement s = c.createStatement()) {
            s.executeUpdate("insert into chat.chat_thread (id, org_id, title, message_count, created_at, updated_at)"
                    + " values ('" + thread + "', '" + org + "', '" + text + "', 2, now(), clock_timestamp())");
            s.executeUpdate("insert into chat.chat_message (id, thread_id, org_id, seq, role, content, created_at)"
                    + " values ('" + UUID.randomUUID() + "', '" + thread + "', '" + org + "', 1, 'user', '" + text + "', now())");
            s.executeUpdate("insert into chat.chat_message (id, thread_id, org_id, seq, role, content, tool_calls, model,"
                    + " input_tokens, output_tokens, credits_used, created_at) values ('" + UUID.randomUUID() + "', '"
                    + thread + "', '" + org + "', 2, 'assistant', 'Answer', '[{\"name\":\"search_contacts\","
                    + "\"arguments\":{\"title\":\"VP\"},\"result\":\"3 of 3 contacts\",\"ok\":true,\"durationMs\":12}]',"
                    + " 'gpt-4o-mini', 120, 30, 1, now())");
        }
        return thread;
    }
}
