package com.outreachpilot.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.outreachpilot.system.FakeModel.calls;
import static com.outreachpilot.system.FakeModel.says;
import static com.outreachpilot.system.FakeModel.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every cURL example of the API reference ({@code docs/api-reference.txt}), in its order, run as written with only
 * the host, the key and the ids it leaves to the reader replaced; each answer must have the shape the reference
 * documents for its endpoint ({@code { ok: true, data: { credits_remaining, … } }}, {@code Contact[]}, …).
 */
class ApiReferenceExamplesTest {

    private static final Path REFERENCE = Path.of("..", "docs", "api-reference.txt");
    private static final Pattern ENDPOINT = Pattern.compile("^(GET|POST|PUT|DELETE)(/api/v1/[^\\s?]*?)(\\?\\S*?)?scope: .*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An endpoint of the reference: its method, its path ({@code :id} for a segment) and its documented answer. */
    record Endpoint(String method, String path, String response) {
        boolean matches(String method, String path) {
            return this.method.equals(method) && path.matches(this.path.replaceAll(":[a-z_]+", "[^/]+"));
        }
    }

    @Test
    void everyCurlExampleAnswersTheShapeTheReferenceDocuments(@TempDir Path dir) throws Exception {
        List<String> lines = Files.readAllLines(REFERENCE, StandardCharsets.UTF_8);
        List<Endpoint> endpoints = endpoints(lines);
        List<String> examples = curls(lines);
        assertTrue(examples.size() >= 12, "the reference's cURL examples: " + examples);

        String key = Gateway.createKey(Gateway.createOrg("pro"), List.of("*")).get("key");
        String campaign = Gateway.withKey(key).body(CampaignsEndToEndTest.CAMPAIGN).post("/api/v1/campaigns")
                .then().statusCode(201).extract().path("data.id");
        Gateway.withKey(key).post("/api/v1/campaigns/" + campaign + "/activate").then().statusCode(200);
        FakeModel.script("Find me 10 VP-level fintech contacts in NYC",
                calls(tool("search_contacts", "title", "vp")), says("I found no VP-level fintech contacts in NYC yet."));

        String contact = null;
        for (String example : examples) {
            if (example.contains("CONTACT_UUID") && contact == null) {
                fail("the reference uses CONTACT_UUID before any example created a contact: " + example);
            }
            String command = example.replace("https://app.outreachpilot.com", Stack.gatewayUrl())
                    .replace("op_live_YOUR_KEY", key)
                    .replace("CAMPAIGN_UUID", campaign)
                    .replace("CONTACT_UUID", contact == null ? "" : contact);
            String output = Readme.run(Readme.STRICT_CURL + command, dir,
                    Map.of("GATEWAY_URL", Stack.gatewayUrl()), Duration.ofSeconds(60), false);
            JsonNode answer = JSON.readTree(output);
            String method = method(command);
            String path = path(command);
            Endpoint endpoint = endpoints.stream().filter(e -> e.matches(method, path)).findFirst()
                    .orElseThrow(() -> new AssertionError("no endpoint of the reference for " + method + " " + path));
            Shape.parse(endpoint.response()).check(answer, "", method + " " + path + " answered " + output);
            if (method.equals("POST") && path.equals("/api/v1/contacts")) {
                contact = answer.path("data").path("contacts").path(0).path("id").asText();
            }
        }
    }

    private static List<Endpoint> endpoints(List<String> lines) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher header = ENDPOINT.matcher(lines.get(i));
            if (!header.matches()) {
                continue;
            }
            for (int j = i + 1; j < lines.size() && !ENDPOINT.matcher(lines.get(j)).matches(); j++) {
                if (lines.get(j).strip().equals("Response")) {
                    int k = j + 1;
                    while (lines.get(k).isBlank()) {
                        k++;
                    }
                    endpoints.add(new Endpoint(header.group(1), header.group(2), lines.get(k).strip()));
                    break;
                }
            }
        }
        return endpoints;
    }

    private static List<String> curls(List<String> lines) {
        List<String> curls = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            if (current == null && line.startsWith("curl ")) {
                current = new StringBuilder();
            }
            if (current != null) {
                current.append(line).append('\n');
                if (!line.stripTrailing().endsWith("\\")) {
                    curls.add(current.toString());
                    current = null;
                }
            }
        }
        return curls;
    }

    private static String method(String command) {
        Matcher m = Pattern.compile("-X (GET|POST|PUT|DELETE)").matcher(command);
        return m.find() ? m.group(1) : "GET";
    }

    private static String path(String command) {
        Matcher m = Pattern.compile("https?://[^/\\s\"]+(/[^\\s\"?]*)").matcher(command);
        assertTrue(m.find(), command);
        return m.group(1);
    }

    /**
     * The reference's notation for an answer: {@code { ok: true, data: { a, b: string?, c: Contact[] }, meta: {…} }}.
     * A bare name must be present; {@code string}, {@code number}, {@code true}, {@code "..."}, {@code [...]} and a
     * type name ({@code Contact}: an object with an id; {@code Contact[]}: an array of them) are checked as such.
     */
    sealed interface Shape {
        void check(JsonNode value, String at, String context);

        static Shape parse(String text) {
            Parser parser = new Parser(text);
            Shape shape = parser.value();
            parser.skipSpace();
            assertEquals(text.length(), parser.at, "unparsed notation in " + text);
            return shape;
        }
    }

    record ObjectShape(Map<String, Shape> members) implements Shape {
        public void check(JsonNode value, String at, String context) {
            assertTrue(value.isObject(), at + " is an object: " + context);
            members.forEach((name, shape) -> {
                assertTrue(value.has(name), at + "." + name + " is there: " + context);
                if (shape != null) {
                    shape.check(value.get(name), at + "." + name, context);
                }
            });
        }
    }

    record Named(String name, boolean array, boolean nullable) implements Shape {
        public void check(JsonNode value, String at, String context) {
            if (nullable && value.isNull()) {
                return;
            }
            if (array) {
                assertTrue(value.isArray(), at + " is an array: " + context);
                value.forEach(item -> new Named(name, false, false).check(item, at + "[]", context));
                return;
            }
            switch (name) {
                case "string" -> assertTrue(value.isTextual(), at + " is a string: " + context);
                case "number" -> assertTrue(value.isNumber(), at + " is a number: " + context);
                case "true" -> assertTrue(value.isBoolean() && value.asBoolean(), at + " is true: " + context);
                case "\"...\"" -> assertTrue(value.isTextual(), at + " is a string: " + context);
                case "[...]" -> assertTrue(value.isArray(), at + " is an array: " + context);
                default -> assertTrue(value.isObject() && value.hasNonNull("id"),
                        at + " is a " + name + " (an object with an id): " + context);
            }
        }
    }

    static final class Parser {
        final String text;
        int at;

        Parser(String text) {
            this.text = text;
        }

        void skipSpace() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        Shape value() {
            skipSpace();
            if (text.startsWith("{", at)) {
                at++;
                Map<String, Shape> members = new java.util.LinkedHashMap<>();
                while (true) {
                    skipSpace();
                    if (text.startsWith("}", at)) {
                        at++;
                        return new ObjectShape(members);
                    }
                    String name = word();
                    skipSpace();
                    Shape shape = null;
                    if (text.startsWith(":", at)) {
                        at++;
                        shape = value();
                        skipSpace();
                    }
                    if (!name.equals("...")) {
                        members.put(name, shape);
                    }
                    if (text.startsWith(",", at)) {
                        at++;
                    }
                }
            }
            if (text.startsWith("[...]", at)) {
                at += 5;
                return new Named("[...]", false, false);
            }
            String name = word();
            boolean array = text.startsWith("[]", at);
            if (array) {
                at += 2;
            }
            boolean nullable = text.startsWith("?", at);
            if (nullable) {
                at++;
            }
            return new Named(name, array, nullable);
        }

        String word() {
            skipSpace();
            int start = at;
            while (at < text.length() && "{}[],:?".indexOf(text.charAt(at)) < 0 && !Character.isWhitespace(text.charAt(at))) {
                at++;
            }
            if (start == at) {
                throw new UncheckedIOException(new IOException("expected a name at " + at + " of " + text));
            }
            return text.substring(start, at);
        }
    }
}
