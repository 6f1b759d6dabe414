package com.outreachpilot.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * One organization holding one of everything the API has an id for (company, contact in a folder, active campaign
 * with the contact enrolled, webhook with a delivery, chat thread, event), and the operations of the OpenAPI document
 * with their path and query ids resolved to those resources. Sweeps over every endpoint start from here, so a new
 * endpoint that takes an id is swept as soon as it is documented (or fails the sweep until its id kind is named).
 */
final class OrgFixture {

    /** One operation of the document: method, path template, the name of its JSON body's schema (or null). */
    record Operation(String method, String path, String bodySchema, List<String> queryParameters, boolean admin) {
        List<String> pathParameters() {
            List<String> names = new ArrayList<>();
            var m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (m.find()) {
                names.add(m.group(1));
            }
            return names;
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    final String org;
    final String key;
    final String marker;
    String company;
    String contact;
    String folder;
    String campaign;
    String webhook;
    String delivery;
    String thread;
    String event;

    private OrgFixture(String org, String key) {
        this.org = org;
        this.key = key;
        this.marker = "fixture-" + UUID.randomUUID();
    }

    /** A new organization on {@code plan} with every kind of resource, the webhook pointing at {@code receiver}. */
    static OrgFixture create(String plan, WebhookReceiver receiver) {
        String org = Gateway.createOrg(plan);
        OrgFixture f = new OrgFixture(org, Gateway.createKey(org, List.of("*")).get("key"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        String hookPath = "/fixture-" + run;
        f.webhook = f.call().body(Map.of("url", receiver.url(hookPath), "events", List.of("contact.created")))
                .post("/api/v1/webhooks").then().statusCode(201).extract().path("data.id");
        f.company = f.call().body(Map.of("name", "Fixture " + run, "domain", "fixture-" + run + ".io"))
                .post("/api/v1/companies").then().statusCode(201).extract().path("data.companies[0].id");
        f.folder = f.call().body(Map.of("name", "Fixture folder " + run))
                .post("/api/v1/folders").then().statusCode(201).extract().path("data.id");
        f.contact = f.call().body(Map.of("email", "ann-" + run + "@fixture-" + run + ".io", "first_name", "Ann",
                        "company", "Fixture " + run))
                .post("/api/v1/contacts").then().statusCode(201).extract().path("data.contacts[0].id");
        f.call().body(Map.of("folder_id", f.folder)).put("/api/v1/contacts/" + f.contact).then().statusCode(200);
        f.campaign = f.call().body(Map.of("name", "Fixture " + run,
                        "sender", Map.of("from_name", "Ann Seller", "from_email", "ann@seller.io"),
                        "steps", List.of(Map.of("subject", "Hi", "body", "Hi."),
                                Map.of("subject", "Later", "body", "Later.", "delay", Map.of("days", 3)))))
                .post("/api/v1/campaigns").then().statusCode(201).extract().path("data.id");
        f.call().post("/api/v1/campaigns/" + f.campaign + "/activate").then().statusCode(200);
        f.call().body(Map.of("contact_id", f.contact)).post("/api/v1/campaigns/" + f.campaign + "/trigger")
                .then().statusCode(200);
        FakeModel.always(f.marker, FakeModel.says("Noted."));
        f.thread = f.call().body(Map.of("message", f.marker + " remember this")).post("/api/v1/chat")
                .then().statusCode(200).extract().path("data.thread_id");
        receiver.await(hookPath, 1, Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                f.call().get("/api/v1/webhooks/" + f.webhook + "/deliveries").then().statusCode(200)
                        .extract().path("data[0].id") != null);
        f.delivery = f.call().get("/api/v1/webhooks/" + f.webhook + "/deliveries").then().extract().path("data[0].id");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                f.call().get("/api/v1/events").then().statusCode(200).extract().path("data[0].id") != null);
        f.event = f.call().get("/api/v1/events").then().extract().path("data[0].id");
        return f;
    }

    io.restassured.specification.RequestSpecification call() {
        return Gateway.withKey(key);
    }

    /** Every resource id of this organization. */
    List<String> ids() {
        return List.of(company, contact, folder, campaign, webhook, delivery, thread, event);
    }

    /** The id of this organization's resource that {@code parameter} of an operation at {@code path} names. */
    String idFor(String path, String parameter) {
        String id = switch (parameter) {
            case "contact_id" -> contact;
            case "account_id" -> company;
            case "folder_id" -> folder;
            case "thread_id" -> thread;
            case "id" -> {
                if (path.startsWith("/api/v1/webhooks/deliveries/")) {
                    yield delivery;
                }
                if (path.startsWith("/admin/v1/orgs")) {
                    yield org;
                }
                yield kindAt(path);
            }
            default -> null;
        };
        if (id == null) {
            throw new AssertionError(path + " takes an id named '" + parameter
                    + "' the sweeps do not know: name its resource in OrgFixture.idFor");
        }
        return id;
    }

    private String kindAt(String path) {
        String collection = path.replaceFirst("^/api/v1/", "");
        if (collection.startsWith("chat/threads")) {
            return thread;
        }
        return switch (collection.substring(0, collection.indexOf('/') < 0 ? collection.length() : collection.indexOf('/'))) {
            case "contacts" -> contact;
            case "companies" -> company;
            case "folders" -> folder;
            case "campaigns" -> campaign;
            case "webhooks" -> webhook;
            case "events" -> event;
            default -> null;
        };
    }

    /** The operations of the OpenAPI document this build generated (the one the gateway serves, see OpenApiDocumentTest). */
    static List<Operation> operations() {
        JsonNode doc;
        try {
            doc = JSON.readTree(new File("target/openapi/outreachpilot.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (!List.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                    continue;
                }
                List<String> query = new ArrayList<>();
                op.getValue().path("parameters").forEach(p -> {
                    if ("query".equals(p.path("in").asText())) {
                        query.add(p.path("name").asText());
                    }
                });
                String ref = op.getValue().path("requestBody").path("content").path("application/json").path("schema")
                        .path("$ref").asText(null);
                String schema = ref == null ? null : ref.substring(ref.lastIndexOf('/') + 1);
                boolean admin = op.getValue().path("security").toString().contains("adminToken");
                operations.add(new Operation(op.getKey().toUpperCase(), path.getKey(), schema, query, admin));
            }
        }
        if (operations.size() < 40) {
            throw new AssertionError("Only " + operations.size() + " operations in the document: the sweep would check little");
        }
        return operations;
    }

    /** The named schema of the document (for the properties a sweep varies). */
    static JsonNode schema(String name) {
        try {
            return JSON.readTree(new File("target/openapi/outreachpilot.json")).path("components").path("schemas").path(name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
