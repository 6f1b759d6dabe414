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
        ObjectNode error = schemas.putObject("ErrorEnvelope");
        error.put("type", "object");
        ObjectNode code = error.putObject("properties").putObject("error").putObject("properties").putObject("code");
        code.put("type", "string");
        var values = code.putArray("enum");
        for (ErrorCode c : ErrorCode.values()) {
            values.add(c.name());
        }
        return doc;
    }
}
