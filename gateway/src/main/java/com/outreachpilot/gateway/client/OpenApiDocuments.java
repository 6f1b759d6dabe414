package com.outreachpilot.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.outreachpilot.platform.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import com.outreachpilot.platform.time.Clock;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The public API's OpenAPI document, merged at the gateway from every service's own document: only public
 * paths ({@code /api/}, {@code /admin/}), the bearer scheme, and the error envelope with every error code.
 * Cached for a minute; a service that does not answer is left out until it does.
 */
@ApplicationScoped
public class OpenApiDocuments {

    private static final Duration CACHE = Duration.ofSeconds(60);

    @Inject
    Upstreams upstreams;

    @Inject
    com.outreachpilot.gateway.config.GatewayConfig config;

    @Inject
    ObjectMapper mapper;

    @Inject
    Clock clock;

    private volatile ObjectNode merged;
    private volatile Instant mergedAt = Instant.EPOCH;

    public Uni<ObjectNode> merged() {
        if (merged != null && mergedAt.plus(CACHE).isAfter(clock.now())) {
            return Uni.createFrom().item(merged);
        }
        List<Uni<JsonNode>> documents = new ArrayList<>();
        for (String service : new TreeMap<>(config.services()).keySet()) {
            documents.add(fetch(service));
        }
        return Uni.join().all(documents).andCollectFailures().map(this::merge)
                .invoke(doc -> {
                    merged = doc;
                    mergedAt = clock.now();
                });
    }

    private Uni<JsonNode> fetch(String service) {
        Future<JsonNode> future = upstreams.client().request(new RequestOptions()
                        .setServer(upstreams.address(service))
                        .setMethod(HttpMethod.GET)
                        .setURI("/q/openapi?format=json")
                        .setIdleTimeout(3_000))
                .compose(request -> request.send())
                .compose(response -> response.body())
                .map(body -> {
                    try {
                        return mapper.readTree(body.toString());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        return Uni.createFrom().completionStage(future.toCompletionStage())
                .onFailure().recoverWithItem(mapper.createObjectNode());
    }

    private ObjectNode merge(List<JsonNode> documents) {
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
        for (JsonNode service : documents) {
            service.path("paths").fields().forEachRemaining(path -> {
                if (path.getKey().startsWith("/api/") || path.getKey().startsWith("/admin/")) {
                    paths.set(path.getKey(), path.getValue());
                }
            });
            service.path("components").path("schemas").fields()
                    .forEachRemaining(schema -> schemas.putIfAbsent(schema.getKey(), schema.getValue()));
        }
        ObjectNode bearer = components.putObject("securitySchemes").putObject("apiKey");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("description", "Authorization: Bearer op_live_… (the admin API takes the operator token)");
        doc.putArray("security").addObject().putArray("apiKey");
        schemas.set("ErrorEnvelope", errorEnvelope());
        schemas.set("Meta", meta());
        describeEdges(paths, components);
        return doc;
    }

    /** {@code {ok:false, error:{code, message, details, docs_url, fields}, meta}}, with every code. */
    private ObjectNode errorEnvelope() {
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

    private ObjectNode meta() {
        ObjectNode meta = mapper.createObjectNode();
        meta.put("type", "object");
        meta.put("description", "Present on every response; lists add total, has_more, limit and offset; charged"
                + " operations add credits_used and credits_remaining");
        meta.putArray("required").add("request_id").add("timestamp");
        ObjectNode props = meta.putObject("properties");
        props.putObject("request_id").put("type", "string");
        props.putObject("timestamp").put("type", "string").put("format", "date-time");
        props.putObject("total").put("type", "integer");
        props.putObject("has_more").put("type", "boolean");
        props.putObject("limit").put("type", "integer");
        props.putObject("offset").put("type", "integer");
        props.putObject("credits_used").put("type", "integer");
        props.putObject("credits_remaining").put("type", "integer");
        meta.put("additionalProperties", true);
        return meta;
    }

    /**
     * What the edge adds to every operation: the statuses the gateway and the platform answer with (each with the
     * error envelope), the request id header on every answer, and {@code Idempotency-Key} on writes.
     */
    private void describeEdges(ObjectNode paths, ObjectNode components) {
        ObjectNode headers = components.putObject("headers");
        headers.putObject("X-Request-Id").put("description", "The request's id (the client's own when well-formed)")
                .putObject("schema").put("type", "string");
        headers.putObject("Retry-After").put("description", "Seconds to wait before retrying")
                .putObject("schema").put("type", "integer");
        headers.putObject("RateLimit").put("description", "Remaining requests of the key's bucket (IETF draft)")
                .putObject("schema").put("type", "string");
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
                boolean write = method.equals("post") || method.equals("put") || method.equals("patch");
                ObjectNode responses = op.has("responses") && op.get("responses").isObject()
                        ? (ObjectNode) op.get("responses") : op.putObject("responses");
                responses.fields().forEachRemaining(r -> {
                    if (r.getValue() instanceof ObjectNode answer && r.getKey().startsWith("2")) {
                        answer.putObject("headers").putObject("X-Request-Id").put("$ref", "#/components/headers/X-Request-Id");
                    }
                });
                if (write && !method.equals("delete")) {
                    (op.has("parameters") ? (com.fasterxml.jackson.databind.node.ArrayNode) op.get("parameters")
                            : op.putArray("parameters")).addObject().put("$ref", "#/components/parameters/IdempotencyKey");
                }
                error(responses, "401", admin ? "The operator token is missing or wrong"
                        : "MISSING_AUTH, INVALID_API_KEY: no key, or a key that is unknown, revoked or malformed");
                error(responses, "403", admin ? "FORBIDDEN" : "PLAN_REQUIRED, SCOPE_DENIED: the plan or the key's scopes do not allow this endpoint");
                if (hasId) {
                    error(responses, "404", "RESOURCE_NOT_FOUND: no such resource in the organization (another"
                            + " organization's id is one that does not exist)");
                }
                if (write) {
                    error(responses, "408", "REQUEST_TIMEOUT: the body did not arrive in time");
                    error(responses, "409", "IDEMPOTENCY_KEY_IN_USE, DUPLICATE_RESOURCE");
                    error(responses, "413", "PAYLOAD_TOO_LARGE: the body is over the route's limit");
                    error(responses, "415", "UNSUPPORTED_MEDIA_TYPE: send application/json");
                }
                error(responses, "422", "VALIDATION_ERROR (with error.fields), IDEMPOTENCY_KEY_REUSED");
                ObjectNode limited = error(responses, "429", "RATE_LIMITED: the key's rate or in-flight limit");
                if (limited != null) {
                    limited.putObject("headers").putObject("Retry-After").put("$ref", "#/components/headers/Retry-After");
                }
                error(responses, "500", "INTERNAL_ERROR: an unexpected failure (the request id finds it in the logs)");
                error(responses, "503", "SERVICE_UNAVAILABLE (or AI_UNAVAILABLE for the chat): a service needed is down");
                error(responses, "504", "GATEWAY_TIMEOUT (or AI_TIMEOUT for the chat): a service needed did not answer in time");
            });
        });
    }

    /** Adds an error answer unless the operation documents that status itself; returns the one added. */
    private ObjectNode error(ObjectNode responses, String status, String description) {
        if (responses.has(status)) {
            if (responses.get(status) instanceof ObjectNode own && !own.has("content")) {
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
