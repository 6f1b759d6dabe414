package com.outreachpilot.gateway.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.outreachpilot.platform.error.ErrorCode;

import java.io.File;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * The public API's OpenAPI document from every service's own: only public paths ({@code /api/}, {@code /admin/}),
 * the bearer scheme, the error envelope with every error code, and what the edge adds to each operation (the
 * statuses the gateway answers with, the request id and rate limit headers, the scope from the route table).
 * The gateway serves it merged from the running services; the build merges the documents the services stored
 * when they were built ({@link #main}) to generate and check a client from the same function.
 */
public final class OpenApiMerge {

    private static final String SCHEMA_REF = "#/components/schemas/";

    private OpenApiMerge() {
    }

    /** {@code OpenApiMerge <output.json> <service-document.json>...} */
    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<JsonNode> documents = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            documents.add(mapper.readTree(new File(args[i])));
        }
        File output = new File(args[0]);
        output.getParentFile().mkdirs();
        mapper.writeValue(output, merge(mapper, documents, conflicts -> {
            // the build refuses two services naming different schemas alike: a client would read one as the other
            throw new IllegalStateException("Schemas defined differently by two services: " + conflicts);
        }));
    }

    /**
     * The public document; {@code onConflict} is told the names two services define differently (the first
     * definition is kept): the build fails on them, a running gateway (services mid-upgrade) logs them.
     */
    public static ObjectNode merge(ObjectMapper mapper, List<JsonNode> documents,
            java.util.function.Consumer<Set<String>> onConflict) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.0.3");
        ObjectNode info = doc.putObject("info");
        info.put("title", "OutreachPilot API");
        info.put("version", "1.0.0");
        info.put("description", "Import contacts, trigger campaigns, chat with PilotPlus AI, and receive event webhooks. "
                + "Every response is the envelope {ok, data, meta} or {ok:false, error, meta}.");
        doc.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = doc.putObject("paths");
        ObjectNode components = doc.putObject("components");
        ObjectNode schemas = components.putObject("schemas");
        Set<String> conflicts = new java.util.TreeSet<>();
        for (JsonNode service : documents) {
            service.path("paths").fields().forEachRemaining(path -> {
                if (path.getKey().startsWith("/api/") || path.getKey().startsWith("/admin/")) {
                    paths.set(path.getKey(), path.getValue());
                }
            });
            service.path("components").path("schemas").fields().forEachRemaining(schema -> {
                JsonNode known = schemas.putIfAbsent(schema.getKey(), schema.getValue());
                if (known != null && !known.equals(schema.getValue())) {
                    conflicts.add(schema.getKey());
                }
            });
        }
        ObjectNode securitySchemes = components.putObject("securitySchemes");
        securitySchemes.putObject("apiKey").put("type", "http").put("scheme", "bearer")
                .put("description", "An organization's API key: Authorization: Bearer op_live_…");
        securitySchemes.putObject("adminToken").put("type", "http").put("scheme", "bearer")
                .put("description", "The operators' admin token (ADMIN_TOKEN): Authorization: Bearer <token>");
        doc.putArray("security").addObject().putArray("apiKey");
        if (!conflicts.isEmpty()) {
            onConflict.accept(conflicts);
        }
        tags(doc, paths);
        keepReachable(paths, schemas);
        inlineScalars(doc, schemas);
        toOpenApi30(doc);
        schemas.set("ErrorEnvelope", errorEnvelope(mapper));
        schemas.set("Meta", meta(mapper));
        describeEdges(mapper, paths, components);
        return doc;
    }

    /**
     * The services write OpenAPI 3.1; the public document is 3.0.3, which more generators and validators read:
     * {@code type: [x, "null"]} becomes {@code type: x, nullable: true}, a schema's {@code examples} list its
     * {@code example}. Every property an object does not list as required may be null ({@code nullable}): the
     * API writes absent values as null rather than leaving them out.
     */
    static void toOpenApi30(ObjectNode doc) {
        Set<String> nullableRefs = new HashSet<>();
        toOpenApi30(doc, nullableRefs);
        // a 3.0 $ref takes no sibling (and validators do not read nullable beside an allOf): the schema a
        // property that may be null refers to is itself nullable
        ObjectNode schemas = (ObjectNode) doc.path("components").path("schemas");
        for (String name : nullableRefs) {
            if (schemas.get(name) instanceof ObjectNode schema) {
                schema.put("nullable", true);
            }
        }
    }

    private static void toOpenApi30(JsonNode node, Set<String> nullableRefs) {
        if (node instanceof ObjectNode object) {
            if (object.get("type") instanceof com.fasterxml.jackson.databind.node.ArrayNode types) {
                String type = null;
                for (JsonNode t : types) {
                    if (!"null".equals(t.asText())) {
                        type = t.asText();
                    } else {
                        object.put("nullable", true);
                    }
                }
                if (type == null) {
                    object.remove("type");
                } else {
                    object.put("type", type);
                }
            }
            if (object.get("examples") instanceof com.fasterxml.jackson.databind.node.ArrayNode examples
                    && object.has("type")) {
                object.remove("examples");
                if (!examples.isEmpty()) {
                    object.set("example", examples.get(0));
                }
            }
            if (object.get("properties") instanceof ObjectNode properties) {
                Set<String> required = new HashSet<>();
                object.path("required").forEach(r -> required.add(r.asText()));
                properties.fields().forEachRemaining(p -> {
                    if (required.contains(p.getKey()) || !(p.getValue() instanceof ObjectNode property)) {
                        return;
                    }
                    if (property.has("$ref")) {
                        String ref = property.get("$ref").asText();
                        nullableRefs.add(ref.substring(ref.lastIndexOf('/') + 1));
                    } else if (property.has("type") || property.has("allOf") || property.has("oneOf")) {
                        property.put("nullable", true);
                    }
                });
            }
        }
        node.elements().forEachRemaining(child -> toOpenApi30(child, nullableRefs));
    }

    /**
     * Schemas that only name a scalar (a time: {@code string}, {@code date-time}) are written where they are used:
     * a 3.0 reference cannot be marked nullable, the value can.
     */
    private static void inlineScalars(ObjectNode doc, ObjectNode schemas) {
        Set<String> scalars = new HashSet<>();
        schemas.fields().forEachRemaining(s -> {
            String type = s.getValue().path("type").isArray() ? s.getValue().path("type").get(0).asText()
                    : s.getValue().path("type").asText();
            if (List.of("string", "integer", "number", "boolean").contains(type)) {
                scalars.add(s.getKey());
            }
        });
        Deque<JsonNode> todo = new ArrayDeque<>(List.of(doc));
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node instanceof ObjectNode object) {
                object.fields().forEachRemaining(field -> {
                    JsonNode value = field.getValue();
                    String ref = value.path("$ref").asText("");
                    if (ref.startsWith(SCHEMA_REF) && scalars.contains(ref.substring(SCHEMA_REF.length()))) {
                        // the named schema, with what the use adds beside the reference (a description, …)
                        ObjectNode inlined = schemas.get(ref.substring(SCHEMA_REF.length())).deepCopy();
                        value.fields().forEachRemaining(sibling -> {
                            if (!sibling.getKey().equals("$ref")) {
                                inlined.set(sibling.getKey(), sibling.getValue());
                            }
                        });
                        field.setValue(inlined);
                    }
                });
            }
            node.elements().forEachRemaining(todo::push);
        }
        schemas.remove(scalars);
    }

    /** The operations' tags in order: the public API's first, the operators' admin API last and marked as such. */
    private static void tags(ObjectNode doc, ObjectNode paths) {
        Set<String> names = new java.util.LinkedHashSet<>();
        paths.forEach(path -> path.forEach(op -> op.path("tags").forEach(tag -> names.add(tag.asText()))));
        var tags = doc.putArray("tags");
        names.stream().filter(name -> !name.equals("Admin")).sorted()
                .forEach(name -> tags.addObject().put("name", name));
        if (names.contains("Admin")) {
            tags.addObject().put("name", "Admin").put("x-audience", "operators")
                    .put("description", "Operators only, not organizations: the admin API of a self-hosted suite,"
                            + " authenticated with the admin token (ADMIN_TOKEN), never with an API key");
        }
    }

    /** Drops the schemas no public operation uses (those of internal endpoints). */
    private static void keepReachable(ObjectNode paths, ObjectNode schemas) {
        Set<String> reached = new HashSet<>();
        Deque<JsonNode> todo = new ArrayDeque<>(List.of(paths));
        while (!todo.isEmpty()) {
            JsonNode node = todo.pop();
            if (node.isObject() && node.path("$ref").isTextual()) {
                String ref = node.get("$ref").asText();
                String name = ref.substring(ref.lastIndexOf('/') + 1);
                if (ref.startsWith(SCHEMA_REF) && reached.add(name) && schemas.has(name)) {
                    todo.push(schemas.get(name));
                }
            }
            node.elements().forEachRemaining(todo::push);
        }
        schemas.retain(reached);
    }

    /** {@code {ok:false, error:{code, message, details, docs_url, fields}, meta}}, with every code. */
    private static ObjectNode errorEnvelope(ObjectMapper mapper) {
        ObjectNode envelope = mapper.createObjectNode();
        envelope.put("type", "object");
        envelope.putArray("required").add("ok").add("error").add("meta");
        ObjectNode props = envelope.putObject("properties");
        props.putObject("ok").put("type", "boolean").putArray("enum").add(false);
        ObjectNode error = props.putObject("error");
        error.put("type", "object");
        error.putArray("required").add("code").add("message");
        ObjectNode errorProps = error.putObject("properties");
        ObjectNode code = errorProps.putObject("code");
        code.put("type", "string");
        StringBuilder table = new StringBuilder("Machine-readable code:");
        var values = code.putArray("enum");
        for (ErrorCode c : ErrorCode.values()) {
            values.add(c.name());
            table.append("\n* `").append(c.name()).append("` (").append(c.status()).append("): ").append(c.summary());
        }
        code.put("description", table.toString());
        errorProps.putObject("message").put("type", "string");
        errorProps.putObject("details").put("type", "string").put("nullable", true);
        errorProps.putObject("docs_url").put("type", "string");
        ObjectNode fields = errorProps.putObject("fields");
        fields.put("type", "array");
        fields.put("description", "The offending inputs of a 422, e.g. contacts[3].email");
        ObjectNode field = fields.putObject("items");
        field.put("type", "object");
        field.putObject("properties").set("field", mapper.createObjectNode().put("type", "string"));
        ((ObjectNode) field.get("properties")).putObject("message").put("type", "string");
        props.putObject("meta").put("$ref", "#/components/schemas/Meta");
        return envelope;
    }

    private static ObjectNode meta(ObjectMapper mapper) {
        ObjectNode meta = mapper.createObjectNode();
        meta.put("type", "object");
        meta.put("description", "Present on every response; lists add total, has_more, limit and offset (contacts"
                + " also next_cursor and total_exact; the events feed has_more, limit and next_cursor); charged operations add credits_used and credits_remaining");
        meta.putArray("required").add("request_id").add("timestamp");
        ObjectNode props = meta.putObject("properties");
        props.putObject("request_id").put("type", "string");
        props.putObject("timestamp").put("type", "string").put("format", "date-time");
        props.putObject("total").put("type", "integer");
        props.putObject("has_more").put("type", "boolean");
        props.putObject("limit").put("type", "integer");
        props.putObject("offset").put("type", "integer");
        props.putObject("next_cursor").put("type", "string").put("nullable", true)
                .put("description", "Where the next page starts: pass it as ?after=");
        props.putObject("total_exact").put("type", "boolean")
                .put("description", "Contacts lists: false when total is an estimate (past 5,000 matches), true when counted");
        props.putObject("credits_used").put("type", "integer");
        props.putObject("credits_remaining").put("type", "integer");
        meta.put("additionalProperties", true);
        return meta;
    }

    /**
     * What the edge adds to every operation: the statuses the gateway and the platform answer with (each with the
     * error envelope), the request id header on every answer, and {@code Idempotency-Key} on writes.
     */
    private static void describeEdges(ObjectMapper mapper, ObjectNode paths, ObjectNode components) {
        ObjectNode headers = components.putObject("headers");
        headers.putObject("X-Request-Id").put("description", "The request's id (the client's own when well-formed)")
                .putObject("schema").put("type", "string");
        headers.putObject("Retry-After").put("description", "Seconds to wait before retrying")
                .putObject("schema").put("type", "integer");
        headers.putObject("RateLimit").put("description", "The key's bucket now (IETF RateLimit header fields draft):"
                        + " \"per-key\";r=<requests remaining>;t=<seconds until it is full again>")
                .putObject("schema").put("type", "string").put("example", "\"per-key\";r=599;t=1");
        headers.putObject("RateLimit-Policy").put("description", "The key's limit: \"per-key\";q=<requests>;w=<window"
                        + " in seconds>")
                .putObject("schema").put("type", "string").put("example", "\"per-key\";q=600;w=60");
        headers.putObject("Idempotent-Replayed").put("description", "true when this is the stored answer to an earlier"
                        + " request with the same Idempotency-Key (nothing was done again)")
                .putObject("schema").put("type", "string").putArray("enum").add("true");
        ObjectNode idempotency = components.putObject("parameters").putObject("IdempotencyKey");
        idempotency.put("name", "Idempotency-Key").put("in", "header").put("required", false)
                .put("description", "Makes a retried write safe: the same key and body within 24 h answer the first"
                        + " answer again; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED");
        idempotency.putObject("schema").put("type", "string").put("maxLength", 255);
        paths.fields().forEachRemaining(path -> {
            boolean hasId = path.getKey().contains("{");
            boolean admin = path.getKey().startsWith("/admin/");
            path.getValue().fields().forEachRemaining(operation -> {
                if (!(operation.getValue() instanceof ObjectNode op)) {
                    return;
                }
                String method = operation.getKey();
                // the services' own requirement names their internal token; the public one is the key's
                op.putArray("security").addObject().putArray(admin ? "adminToken" : "apiKey");
                Route route = RouteTable.match(path.getKey());
                if (route != null && route.scope() != null) {
                    // the gateway's route table is the one source of each endpoint's scope
                    op.put("x-scope", route.scope());
                    op.put("description", (op.path("description").isTextual()
                            ? op.get("description").asText() + "\n\n" : "") + "Scope: `" + route.scope() + "`.");
                }
                boolean write = method.equals("post") || method.equals("put") || method.equals("patch");
                ObjectNode responses = op.has("responses") && op.get("responses").isObject()
                        ? (ObjectNode) op.get("responses") : op.putObject("responses");
                responses.fields().forEachRemaining(r -> {
                    if (r.getValue() instanceof ObjectNode answer && r.getKey().compareTo("400") >= 0
                            && !answer.path("content").has("application/json")) {
                        answer.putObject("content").putObject("application/json").putObject("schema")
                                .put("$ref", "#/components/schemas/ErrorEnvelope");
                    }
                });
                if (write && !method.equals("delete")) {
                    (op.has("parameters") ? (com.fasterxml.jackson.databind.node.ArrayNode) op.get("parameters")
                            : op.putArray("parameters")).addObject().put("$ref", "#/components/parameters/IdempotencyKey");
                }
                error(responses, "401", admin ? "The operator token is missing or wrong"
                        : "MISSING_AUTH, INVALID_API_KEY: no key, or a key that is unknown, revoked or malformed");
                error(responses, "403", admin ? "FORBIDDEN" : "PLAN_REQUIRED, SCOPE_DENIED: the plan or the key's scopes do not allow this endpoint");
                if (!admin || hasId) {
                    error(responses, "404", admin ? "RESOURCE_NOT_FOUND: no such resource"
                            : "RESOURCE_NOT_FOUND: no such resource in the organization (another organization's id"
                            + " is one that does not exist); ORG_NOT_FOUND: the key's organization was deleted");
                }
                if (!admin) {
                    if (op.has("x-credit-cost")) {
                        error(responses, "402", "INSUFFICIENT_CREDITS: the balance cannot cover the operation's"
                                + " cost; nothing was done");
                    } else {
                        op.put("x-credit-cost", "free");
                    }
                }
                if (write) {
                    error(responses, "408", "REQUEST_TIMEOUT: the body did not arrive in time");
                    error(responses, "409", "IDEMPOTENCY_KEY_IN_USE, DUPLICATE_RESOURCE");
                    error(responses, "413", "PAYLOAD_TOO_LARGE: the body is over the route's limit");
                    error(responses, "415", "UNSUPPORTED_MEDIA_TYPE: send application/json");
                }
                error(responses, "422", "VALIDATION_ERROR (with error.fields), IDEMPOTENCY_KEY_REUSED");
                error(responses, "429", "RATE_LIMITED: the key's rate or in-flight limit");
                error(responses, "500", "INTERNAL_ERROR: an unexpected failure (the request id finds it in the logs)");
                error(responses, "503", "SERVICE_UNAVAILABLE (or AI_UNAVAILABLE for the chat): a service needed is down");
                error(responses, "504", "GATEWAY_TIMEOUT (or AI_TIMEOUT for the chat): a service needed did not answer in time");
                // the headers every answer carries: its request id; with a key, the key's rate limit
                responses.fields().forEachRemaining(r -> {
                    if (!(r.getValue() instanceof ObjectNode answer)) {
                        return;
                    }
                    ObjectNode answerHeaders = answer.has("headers") && answer.get("headers").isObject()
                            ? (ObjectNode) answer.get("headers") : answer.putObject("headers");
                    answerHeaders.putObject("X-Request-Id").put("$ref", "#/components/headers/X-Request-Id");
                    if (!admin) {
                        answerHeaders.putObject("RateLimit").put("$ref", "#/components/headers/RateLimit");
                        answerHeaders.putObject("RateLimit-Policy").put("$ref", "#/components/headers/RateLimit-Policy");
                    }
                    if (r.getKey().equals("429") || r.getKey().equals("503")) {
                        answerHeaders.putObject("Retry-After").put("$ref", "#/components/headers/Retry-After");
                    }
                    if (write && r.getKey().startsWith("2")) {
                        answerHeaders.putObject("Idempotent-Replayed").put("$ref", "#/components/headers/Idempotent-Replayed");
                    }
                });
            });
        });
    }

    /** Adds an error answer unless the operation documents that status itself; returns the one added. */
    private static ObjectNode error(ObjectNode responses, String status, String description) {
        if (responses.has(status)) {
            if (responses.get(status) instanceof ObjectNode own && !own.path("content").has("application/json")) {
                own.putObject("content").putObject("application/json").putObject("schema")
                        .put("$ref", "#/components/schemas/ErrorEnvelope");
            }
            return null;
        }
        ObjectNode answer = responses.putObject(status);
        answer.put("description", description);
        answer.putObject("content").putObject("application/json").putObject("schema")
                .put("$ref", "#/components/schemas/ErrorEnvelope");
        return answer;
    }
}
