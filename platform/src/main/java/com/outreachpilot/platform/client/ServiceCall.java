package com.outreachpilot.platform.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One call to another service's HTTP API on behalf of the caller of a request: the caller's internal token is
 * forwarded (the gateway minted it for every service the route may reach), so the other service scopes what it
 * does to the same organization. The answer is the other service's envelope, read as JSON; the caller decides
 * what its status means. The answer continues on the request's Vert.x context (where its database session lives).
 */
public final class ServiceCall {

    /** An answer: its HTTP status and the envelope ({@link MissingNode} when the body was not JSON). */
    public record Answer(int status, JsonNode body) {

        public boolean ok() {
            return status >= 200 && status < 300 && body.path("ok").asBoolean(false);
        }

        public JsonNode data() {
            return body.path("data");
        }

        /** The envelope's error code, or {@code HTTP <status>} when it has none. */
        public String errorCode() {
            String code = body.path("error").path("code").asText("");
            return code.isEmpty() ? "HTTP " + status : code;
        }

        public String errorMessage() {
            return body.path("error").path("message").asText("");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;

    public ServiceCall(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    public Uni<Answer> get(String token, String pathAndQuery) {
        return send(token, "GET", pathAndQuery, null);
    }

    public Uni<Answer> post(String token, String path, Object body) {
        return send(token, "POST", path, body);
    }

    public Uni<Answer> put(String token, String path, Object body) {
        return send(token, "PUT", path, body);
    }

    public Uni<Answer> delete(String token, String path) {
        return send(token, "DELETE", path, null);
    }

    /** Fails with the transport's exception when the service cannot be reached or does not answer in time. */
    public Uni<Answer> send(String token, String method, String pathAndQuery, Object body) {
        HttpRequest request;
        try {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                    .timeout(timeout)
                    .header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json");
            if (body == null) {
                builder.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                builder.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
            }
            request = builder.build();
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        Context context = Vertx.currentContext();
        Uni<HttpResponse<String>> sent = Uni.createFrom()
                .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        if (context != null) {
            sent = sent.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return sent.map(response -> new Answer(response.statusCode(), parse(response.body())));
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isEmpty() ? null : JSON.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (Exception e) {
            return MissingNode.getInstance();
        }
    }
}
