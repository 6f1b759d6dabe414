package com.outreachpilot.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * contacts-service's internal find-or-create and by-ids, as an in-process HTTP server at the edge of the
 * system: contacts per organization (read from the forwarded token's {@code org_id}), one per email. Tests
 * seed a contact with a chosen {@code status} through the same find-or-create.
 */
public class FakeContacts implements QuarkusTestResourceLifecycleManager {

    private static final ObjectMapper JSON = new ObjectMapper();
    private HttpServer server;
    private final Map<String, ObjectNode> byOrgAndEmail = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> byOrgAndId = new ConcurrentHashMap<>();

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/internal/v1/contacts/find-or-create", this::findOrCreate);
        server.createContext("/internal/v1/contacts/by-ids", this::byIds);
        server.start();
        return Map.of("campaigns.contacts-url", "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void findOrCreate(HttpExchange exchange) throws IOException {
        String org = org(exchange);
        if (org == null) {
            answer(exchange, 401, error("INVALID_TOKEN", null));
            return;
        }
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String email = body.path("email").asText("").trim().toLowerCase();
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            answer(exchange, 422, error("VALIDATION_ERROR", "email"));
            return;
        }
        boolean[] created = {false};
        ObjectNode contact = byOrgAndEmail.computeIfAbsent(org + "/" + email, key -> {
            created[0] = true;
            ObjectNode c = JSON.createObjectNode();
            c.put("id", UUID.randomUUID().toString());
            c.put("email", email);
            for (String field : new String[]{"first_name", "last_name", "company", "title"}) {
                if (body.hasNonNull(field)) {
                    c.put(field, body.get(field).asText());
                } else {
                    c.putNull(field);
                }
            }
            c.put("status", body.path("status").asText("new"));
            c.set("context", body.has("context") ? body.get("context") : JSON.createObjectNode());
            byOrgAndId.put(org + "/" + c.get("id").asText(), c);
            return c;
        });
        ObjectNode data = JSON.createObjectNode();
        data.set("contact", contact);
        data.put("created", created[0]);
        answer(exchange, 200, ok(data));
    }

    private void byIds(HttpExchange exchange) throws IOException {
        String org = org(exchange);
        if (org == null) {
            answer(exchange, 401, error("INVALID_TOKEN", null));
            return;
        }
        ArrayNode found = JSON.createArrayNode();
        for (JsonNode id : JSON.readTree(exchange.getRequestBody()).path("ids")) {
            ObjectNode contact = byOrgAndId.get(org + "/" + id.asText());
            if (contact != null) {
                found.add(contact);
            }
        }
        answer(exchange, 200, ok(found));
    }

    /** The organization in the forwarded token (its signature was checked by campaigns-service already). */
    private static String org(HttpExchange exchange) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = auth.substring(7).split("\\.");
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            return claims.path("org_id").asText(null);
        } catch (Exception e) {
            return null;
        }
    }

    private static ObjectNode ok(JsonNode data) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("ok", true);
        answer.set("data", data);
        return answer;
    }

    private static ObjectNode error(String code, String field) {
        ObjectNode answer = JSON.createObjectNode();
        answer.put("ok", false);
        ObjectNode error = answer.putObject("error");
        error.put("code", code);
        error.put("message", field == null ? code : "Invalid value for '" + field + "'");
        if (field != null) {
            ObjectNode f = error.putArray("fields").addObject();
            f.put("field", field);
            f.put("message", "must be a valid email address");
        }
        return answer;
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
