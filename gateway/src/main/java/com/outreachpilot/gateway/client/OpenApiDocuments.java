package com.outreachpilot.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.outreachpilot.gateway.domain.OpenApiMerge;
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

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(OpenApiDocuments.class);

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

    /** The methods the public document describes at this path (a template such as {id} matches one segment). */
    public Uni<List<String>> allowed(String path) {
        return merged().map(doc -> {
            List<String> best = List.of();
            int bestTemplates = Integer.MAX_VALUE;
            for (var entry : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> doc.path("paths").fields()) {
                String template = entry.getKey();
                String regex = java.util.regex.Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
                int templates = template.split("\\{", -1).length - 1;
                if (templates < bestTemplates && path.matches(regex)) {
                    List<String> methods = new ArrayList<>();
                    entry.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(java.util.Locale.ROOT)));
                    best = methods;
                    bestTemplates = templates;
                }
            }
            return best;
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
        return OpenApiMerge.merge(mapper, documents, conflicts -> LOG.warnf(
                "Services define these schemas differently (the first is served): %s", conflicts));
    }
}
