package com.outreachpilot.system;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.outreachpilot.system.FakeModel.calls;
import static com.outreachpilot.system.FakeModel.says;
import static com.outreachpilot.system.FakeModel.tool;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README as a newcomer uses it: every {@code bash} block, top to bottom in one shell, against the running stack,
 * after the quickstart's {@code . .dev/env} (a new organization on the Pro plan with an all-scopes key stands in for
 * the demo one), with the stack's SMTP sink and a model scripted for the chat examples' messages. Any answer
 * outside 2xx, or a block that stops, fails the build.
 */
class ReadmeTest {

    @Test
    void everyBashBlockRunsTopToBottomInOneShell(@TempDir Path dir) {
        Stack.start();
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        // the chat examples' two messages: the model looks for VPs, then for the campaigns, and answers
        FakeModel.script("Find me 10 VP-level fintech contacts in NYC",
                calls(tool("search_contacts", "title", "vp")), says("John at Acme is the one VP I found."));
        FakeModel.script("Enroll the first one in my Welcome campaign",
                calls(tool("list_campaigns")), says("Welcome is active; shall I enroll John?"));

        String script = Readme.STRICT_CURL + String.join("\n", Readme.bashBlocks());
        String output = Readme.run(script, dir, Map.of("GATEWAY_URL", Stack.gatewayUrl(), "DEMO_API_KEY", key,
                "OP_ADMIN_TOKEN", Stack.ADMIN_TOKEN, "MAIL_URL", Stack.mailUrl()), Duration.ofSeconds(240), false);

        // what the quickstart promises: the campaign's first email reached the SMTP sink, and the status counts it
        assertTrue(output.contains("\"to\":\"john@acme.com\",\"subject\":\"Hi John\""), output);
        assertTrue(output.contains("{\"step\":1,\"sent\":1,"), output);
        // the chat examples used the scripted model's tools and answers
        assertTrue(output.contains("John at Acme is the one VP I found."), output);
        assertTrue(output.contains("\"name\":\"search_contacts\""), output);
        // the folder example lists the contact it put there, the admin block ends by deleting its organization
        assertTrue(output.contains("\"contact_count\":1"), output);
        assertTrue(output.contains("\"deleted\":true"), output);
        assertFalse(output.contains("\"ok\":false"), output);
    }

    @Test
    void theCampaignsWalkthroughRunsAsWritten(@TempDir Path dir) {
        Stack.start();
        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        String script = Readme.STRICT_CURL + String.join("\n", Readme.bashBlocks(Path.of("..", "campaigns-service", "README.md")));
        String output = Readme.run(script, dir, Map.of("GATEWAY_URL", Stack.gatewayUrl(), "DEMO_API_KEY", key,
                "OP_ADMIN_TOKEN", Stack.ADMIN_TOKEN, "MAIL_URL", Stack.mailUrl()), Duration.ofSeconds(60), false);
        // the trigger enrolled John, and the enrollments lookup found him by the id the trigger answered
        assertTrue(output.contains("\"audience\":{\"total\":1,\"active\":1"), output);
        assertTrue(output.contains("\"campaign_name\":\"Welcome\""), output);
        assertFalse(output.contains("\"ok\":false"), output);
    }
}
