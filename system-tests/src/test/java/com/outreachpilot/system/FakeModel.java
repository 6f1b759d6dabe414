package com.outreachpilot.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * An OpenAI-compatible chat completions endpoint (WireMock) scripted per conversation: every request whose body
 * contains a conversation's marker (the first message carries it, and every later request repeats it) gets the
 * conversation's next scripted answer, in order; the requests are kept to check what the agent sent.
 */
final class FakeModel {

    static final String DEFAULT_MODEL = "fake-mini";
    static final String PREMIUM_MODEL = "fake-max";
    static final int PROMPT_TOKENS = 100;
    static final int COMPLETION_TOKENS = 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer server;

    private FakeModel() {
    }

    static synchronized void start() {
        if (server == null) {
            server = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(20));
            server.start();
        }
    }

    static String baseUrl() {
        return "http://localhost:" + server.port() + "/v1";
    }

    /** A scripted answer. */
    record Step(Map<String, Object> message, int status, int delayMillis) {
    }

    static Step calls(Map<String, Object>... calls) {
        List<Map<String, Object>> toolCalls = new ArrayList<>();
        int i = 0;
        for (Map<String, Object> call : calls) {
            String name = (String) call.get("name");
            Map<String, Object> args = new LinkedHashMap<>(call);
            args.remove("name");
            try {
                toolCalls.add(Map.of("id", "call_" + (++i) + "_" + System.nanoTime(), "type", "function",
                        "function", Map.of("name", name, "arguments", JSON.writeValueAsString(args))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", null);
        message.put("tool_calls", toolCalls);
        return new Step(message, 200, 0);
    }

    static Map<String, Object> tool(String name, Object... keyValues) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("name", name);
        for (int i = 0; i < keyValues.length; i += 2) {
            call.put((String) keyValues[i], keyValues[i + 1]);
        }
        return call;
    }

    static Step says(String text) {
        return new Step(Map.of("role", "assistant", "content", text), 200, 0);
    }

    static Step failsWith(int status) {
        return new Step(null, status, 0);
    }

    static Step slowly(Step step, int delayMillis) {
        return new Step(step.message(), step.status(), delayMillis);
    }

    /**
     * Scripts the conversation marked by {@code marker}: its n-th model call gets the n-th step. Scripting a marker
     * again replaces its earlier script and starts it over.
     */
    static synchronized void script(String marker, Step... steps) {
        List<StubMapping> earlier = server.getStubMappings().stream()
                .filter(stub -> marker.equals(stub.getScenarioName())).toList();
        if (!earlier.isEmpty()) {
            server.resetScenario(marker);
            earlier.forEach(server::removeStubMapping);
        }
        for (int i = 0; i < steps.length; i++) {
            Step step = steps[i];
            String state = i == 0 ? Scenario.STARTED : marker + "-" + i;
            var response = aResponse().withStatus(step.status()).withHeader("Content-Type", "application/json")
                    .withFixedDelay(step.delayMillis());
            if (step.message() != null) {
                response.withBody(completion(step.message()));
            } else {
                response.withBody("{\"error\":{\"message\":\"scripted failure\",\"type\":\"server_error\"}}");
            }
            server.stubFor(post(urlEqualTo("/v1/chat/completions"))
                    .withRequestBody(containing(marker))
                    .inScenario(marker).whenScenarioStateIs(state).willSetStateTo(marker + "-" + (i + 1))
                    .willReturn(response));
        }
    }

    /** Every model call of conversations marked by {@code marker}, however many and however concurrent, gets {@code step}. */
    static synchronized void always(String marker, Step step) {
        server.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing(marker))
                .willReturn(aResponse().withStatus(step.status()).withHeader("Content-Type", "application/json")
                        .withFixedDelay(step.delayMillis()).withBody(completion(step.message()))));
    }

    /** The bodies of the requests (compact JSON) of the conversation marked by {@code marker}, in order. */
    static List<String> requests(String marker) {
        List<LoggedRequest> found = server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))
                .withRequestBody(containing(marker)));
        // compact JSON, whatever the client's formatting
        return found.stream().map(LoggedRequest::getBodyAsString).map(body -> {
            try {
                return JSON.writeValueAsString(JSON.readTree(body));
            } catch (Exception e) {
                return body;
            }
        }).toList();
    }

    private static String completion(Map<String, Object> message) {
        boolean tools = message.containsKey("tool_calls");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-" + System.nanoTime());
        body.put("object", "chat.completion");
        body.put("created", System.currentTimeMillis() / 1000);
        body.put("model", DEFAULT_MODEL);
        body.put("choices", List.of(Map.of("index", 0, "message", message,
                "finish_reason", tools ? "tool_calls" : "stop")));
        body.put("usage", Map.of("prompt_tokens", PROMPT_TOKENS, "completion_tokens", COMPLETION_TOKENS,
                "total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS));
        try {
            return JSON.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
