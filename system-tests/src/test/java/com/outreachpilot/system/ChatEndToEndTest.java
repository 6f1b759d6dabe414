package com.outreachpilot.system;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.testing.EventTap;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.outreachpilot.system.FakeModel.calls;
import static com.outreachpilot.system.FakeModel.says;
import static com.outreachpilot.system.FakeModel.tool;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PilotPlus AI through the gateway, against the real services and a scripted OpenAI-compatible model: the tools
 * it asks for really act (a contact created in contacts-service, a campaign really enrolling it), their results go
 * back to the model, a thread continues, and a message is charged once at its model's cost or not at all.
 */
class ChatEndToEndTest {

    private static String newKey() {
        return Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
    }

    private static long balance(String key) {
        return Gateway.withKey(key).get("/api/v1/credits").then().statusCode(200).extract().jsonPath()
                .getLong("data.credits_remaining");
    }

    @Test
    void theAgentsToolsReallyActAndAThreadContinues() {
        String key = newKey();
        String campaign = Gateway.withKey(key).body(CampaignsEndToEndTest.CAMPAIGN).post("/api/v1/campaigns").then()
                .statusCode(201).extract().path("data.id");
        Gateway.withKey(key).post("/api/v1/campaigns/" + campaign + "/activate").then().statusCode(200);
        String marker = "m-" + UUID.randomUUID();
        String email = "dana-" + marker + "@e2e-chat.io";
        FakeModel.script(marker,
                calls(tool("create_contact", "email", email, "first_name", "Dana", "title", "VP Finance",
                        "context", Map.of("city", "New York"))),
                calls(tool("trigger_campaign", "campaign_id", campaign, "email", email)),
                says("Done: Dana is in the CRM and enrolled in the campaign."));
        long before = balance(key);
        EventTap events = new EventTap("chat.events");

        var answer = Gateway.withKey(key).body(Map.of("message", marker + " add Dana and enroll her"))
                .post("/api/v1/chat").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("data.response", equalTo("Done: Dana is in the CRM and enrolled in the campaign."))
                .body("data.model", equalTo(FakeModel.DEFAULT_MODEL))
                .body("data.tool_calls.name", contains("create_contact", "trigger_campaign"))
                .body("data.tool_calls.ok", contains(true, true))
                .body("data.tool_calls[0].arguments.email", equalTo(email))
                .body("data.tool_calls[0].result", startsWith("Created contact "))
                .body("data.tool_calls[1].result", startsWith("Enrolled contact "))
                .body("data.usage.input_tokens", equalTo(3 * FakeModel.PROMPT_TOKENS))
                .body("data.usage.output_tokens", equalTo(3 * FakeModel.COMPLETION_TOKENS))
                .body("meta.credits_used", equalTo(1))
                .body("meta.credits_remaining", equalTo((int) (before - 1)))
                .extract();
        String thread = answer.path("data.thread_id");
        assertEquals(before - 1, balance(key));
        // chat.message.completed describes the message, never its text
        DomainEvent completed = events.await(e -> "chat.message.completed".equals(e.type()) && thread.equals(e.subject()),
                Duration.ofSeconds(20)).event();
        events.close();
        assertEquals(answer.path("data.message_id"), completed.data().path("message_id").asText());
        assertEquals(FakeModel.DEFAULT_MODEL, completed.data().path("model").asText());
        assertEquals(3 * FakeModel.PROMPT_TOKENS, completed.data().path("usage").path("input_tokens").asInt());
        assertEquals("[\"create_contact\",\"trigger_campaign\"]", completed.data().path("tool_calls").toString());
        assertTrue(!completed.data().toString().contains("add Dana") && !completed.data().toString().contains("Done: Dana"),
                completed.data().toString());

        // real effects: the contact exists as the tool gave it, and the campaign enrolled it
        String contact = Gateway.withKey(key).get("/api/v1/contacts?search=" + email).then().statusCode(200)
                .body("data", hasSize(1)).body("data[0].title", equalTo("VP Finance"))
                .body("data[0].context.city", equalTo("New York"))
                .extract().path("data[0].id");
        Gateway.withKey(key).get("/api/v1/campaigns/" + campaign + "/audience").then().statusCode(200)
                .body("data.contact_id", contains(contact));

        // what the model was sent: the tools, then each tool's result in the next request
        List<String> sent = FakeModel.requests(marker);
        assertEquals(3, sent.size());
        assertTrue(sent.get(0).contains("\"search_contacts\"") && sent.get(0).contains("\"trigger_campaign\""), sent.get(0));
        assertTrue(sent.get(1).contains("\"role\":\"tool\"") && sent.get(1).contains(contact), sent.get(1));
        assertTrue(sent.get(2).contains("\"triggered\\\":true") || sent.get(2).contains("triggered"), sent.get(2));

        // the thread continues: the next request to the model holds the first exchange
        String next = "n-" + UUID.randomUUID();
        FakeModel.script(next, says("You asked me to add Dana."));
        Gateway.withKey(key).body(Map.of("message", next + " what did I ask before?", "thread_id", thread))
                .post("/api/v1/chat").then().statusCode(200)
                .body("data.thread_id", equalTo(thread))
                .body("data.tool_calls", hasSize(0))
                .body("data.response", equalTo("You asked me to add Dana."));
        String second = FakeModel.requests(next).get(0);
        assertTrue(second.contains(marker + " add Dana and enroll her"), second);
        assertTrue(second.contains("Done: Dana is in the CRM and enrolled in the campaign."), second);

        Gateway.withKey(key).get("/api/v1/chat/threads/" + thread).then().statusCode(200)
                .body("data.messages.role", contains("user", "assistant", "user", "assistant"))
                .body("data.messages[1].tool_calls.name", contains("create_contact", "trigger_campaign"));
        // another organization's thread is one that does not exist
        String stranger = newKey();
        Gateway.withKey(stranger).body(Map.of("message", "hi", "thread_id", thread)).post("/api/v1/chat").then()
                .statusCode(404).body("error.code", equalTo("RESOURCE_NOT_FOUND"));
        Gateway.withKey(stranger).get("/api/v1/chat/threads/" + thread).then().statusCode(404);
    }

    @Test
    void theAgentActsWithTheKeysScopesOnly() {
        String org = Gateway.createOrg("pro");
        String chatAndCampaigns = Gateway.createKey(org, List.of("chat", "campaigns")).get("key");
        String marker = "s-" + UUID.randomUUID();
        String email = "scoped-" + marker + "@e2e-chat.io";
        // the model asks for a tool it was not offered: the key may not create contacts
        FakeModel.script(marker,
                calls(tool("create_contact", "email", email)),
                says("I may not create contacts with this key."));
        Gateway.withKey(chatAndCampaigns).body(Map.of("message", marker + " add someone")).post("/api/v1/chat").then()
                .statusCode(200)
                .body("data.tool_calls.ok", contains(false))
                .body("data.tool_calls[0].result", containsString("lacks the contacts scope"));
        String offered = FakeModel.requests(marker).get(0);
        assertTrue(offered.contains("\"list_campaigns\"") && offered.contains("\"trigger_campaign\""), offered);
        assertTrue(!offered.contains("\"create_contact\"") && !offered.contains("\"search_contacts\""), offered);
        // nothing was created, whatever the model asked
        String all = Gateway.createKey(org, List.of("*")).get("key");
        Gateway.withKey(all).get("/api/v1/contacts?search=" + email).then().statusCode(200).body("data", hasSize(0));
    }

    @Test
    void aFailingToolIsReportedToTheModelAndNeverFailsTheMessage() {
        String key = newKey();
        String marker = "f-" + UUID.randomUUID();
        FakeModel.script(marker,
                calls(tool("get_contact", "contact_id", UUID.randomUUID().toString()),
                        tool("get_contact", "contact_id", "../../internal/v1/contacts"),
                        tool("no_such_tool")),
                says("I could not find that contact."));
        Gateway.withKey(key).body(Map.of("message", marker + " show me contact 42")).post("/api/v1/chat").then()
                .statusCode(200)
                .body("data.response", equalTo("I could not find that contact."))
                .body("data.tool_calls.ok", contains(false, false, false))
                .body("data.tool_calls[0].result", containsString("RESOURCE_NOT_FOUND"))
                .body("data.tool_calls[1].result", containsString("contact_id must be an id"))
                .body("data.tool_calls[2].result", containsString("no tool named no_such_tool"));
        String second = FakeModel.requests(marker).get(1);
        assertTrue(second.contains("RESOURCE_NOT_FOUND"), second);
    }

    @Test
    void aMessageIsChargedAtItsModelsCostOnceOrNotAtAll() {
        String org = Gateway.createOrg("pro");
        String key = Gateway.createKey(org, List.of("*")).get("key");
        long before = balance(key);
        // the premium model costs 2
        String premium = "p-" + UUID.randomUUID();
        FakeModel.script(premium, says("Premium answer."));
        Gateway.withKey(key).body(Map.of("message", premium + " hello", "model", "premium")).post("/api/v1/chat").then()
                .statusCode(200).body("data.model", equalTo(FakeModel.PREMIUM_MODEL)).body("meta.credits_used", equalTo(2));
        assertEquals(before - 2, balance(key));
        assertTrue(FakeModel.requests(premium).get(0).contains("\"model\":\"" + FakeModel.PREMIUM_MODEL + "\""));

        // a failing model: a clear envelope and no charge
        String failing = "x-" + UUID.randomUUID();
        FakeModel.script(failing, FakeModel.failsWith(500));
        Gateway.withKey(key).body(Map.of("message", failing + " hello")).post("/api/v1/chat").then()
                .statusCode(503).body("error.code", equalTo("AI_UNAVAILABLE"));
        String garbage = "g-" + UUID.randomUUID();
        FakeModel.script(garbage, new FakeModel.Step(null, 200, 0));
        Gateway.withKey(key).body(Map.of("message", garbage + " hello")).post("/api/v1/chat").then()
                .statusCode(503).body("error.code", equalTo("AI_UNAVAILABLE"));
        assertEquals(before - 2, balance(key));

        // an Idempotency-Key retry is answered once and charged once
        String retried = "r-" + UUID.randomUUID();
        FakeModel.script(retried, says("Once."), says("Twice?"));
        String idem = UUID.randomUUID().toString();
        for (int i = 0; i < 2; i++) {
            Gateway.withKey(key).header("Idempotency-Key", idem).body(Map.of("message", retried + " hello"))
                    .post("/api/v1/chat").then().statusCode(200).body("data.response", equalTo("Once."));
        }
        assertEquals(before - 3, balance(key));
        assertEquals(1, FakeModel.requests(retried).size());

        // no credit: 402 before any model call
        Gateway.admin().body(Map.of("amount", -balance(key), "reason", "empty for the test"))
                .post("/admin/v1/orgs/" + org + "/credits").then().statusCode(200);
        String broke = "b-" + UUID.randomUUID();
        FakeModel.script(broke, says("Should not be asked."));
        Gateway.withKey(key).body(Map.of("message", broke + " hello")).post("/api/v1/chat").then()
                .statusCode(402).body("error.code", equalTo("INSUFFICIENT_CREDITS"));
        assertEquals(0, FakeModel.requests(broke).size());
    }

    @Test
    void aSlowModelsLateToolCallsAreStillAuthorized() {
        // internal tokens live 4 s here (Stack): the tool call comes ~10 s after the request started
        String key = newKey();
        String marker = "s-" + UUID.randomUUID();
        FakeModel.script(marker,
                FakeModel.slowly(calls(tool("search_contacts", "title", "VP")), 10_000),
                says("No VPs yet."));
        Gateway.withKey(key).body(Map.of("message", marker + " any VPs?")).post("/api/v1/chat").then()
                .statusCode(200)
                .body("data.tool_calls[0].name", equalTo("search_contacts"))
                .body("data.tool_calls[0].ok", equalTo(true))
                .body("data.tool_calls[0].result", equalTo("0 of 0 contacts"));
    }

    @Test
    void afterTheLastToolRoundTheModelMustAnswerWithWhatItHas() {
        // CHAT_MAX_TOOL_ROUNDS is 3 here
        String key = newKey();
        String marker = "t-" + UUID.randomUUID();
        FakeModel.script(marker,
                calls(tool("list_campaigns")), calls(tool("list_campaigns")), calls(tool("list_campaigns")),
                says("Here is what I have."));
        Gateway.withKey(key).body(Map.of("message", marker + " keep looking")).post("/api/v1/chat").then()
                .statusCode(200)
                .body("data.tool_calls", hasSize(3))
                .body("data.response", equalTo("Here is what I have."));
        List<String> sent = FakeModel.requests(marker);
        assertEquals(4, sent.size());
        assertTrue(sent.get(2).contains("\"tool_choice\":\"auto\""), sent.get(2));
        assertTrue(sent.get(3).contains("\"tool_choice\":\"none\""), sent.get(3));
    }

    @Test
    void aModelSlowerThanItsTimeoutIs504AndCostsNothing() {
        String key = newKey();
        long before = balance(key);
        String marker = "w-" + UUID.randomUUID();
        // OPENAI_TIMEOUT is 12 s here
        FakeModel.script(marker, FakeModel.slowly(says("Too late."), 15_000));
        Gateway.withKey(key).body(Map.of("message", marker + " hello")).post("/api/v1/chat").then()
                .statusCode(504).body("error.code", equalTo("AI_TIMEOUT"));
        assertEquals(before, balance(key));
    }
}
