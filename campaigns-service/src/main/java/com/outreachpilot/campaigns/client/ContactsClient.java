package com.outreachpilot.campaigns.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.outreachpilot.campaigns.config.CampaignsConfig;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.error.FieldError;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * contacts-service's internal API, called within a request on behalf of its caller: the caller's token is
 * forwarded (the gateway minted it for both services), so contacts-service scopes everything to the same
 * organization. Background work never calls this.
 */
@ApplicationScoped
public class ContactsClient {

    /** A contact as contacts-service shows it: what an enrollment copies. */
    public record ContactRecord(UUID id, String email, String firstName, String lastName, String company,
                                String title, String status, Map<String, Object> context) {
    }

    /** Fields to find a contact by email, or create it with. */
    public record NewContact(String email, String firstName, String lastName, String company) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Inject
    CampaignsConfig config;

    private HttpClient http;

    @PostConstruct
    void init() {
        http = HttpClient.newBuilder().connectTimeout(config.contactsTimeout()).build();
    }

    /** The organization's contact with this email, created from the fields if there is none. */
    public Uni<ContactRecord> findOrCreate(String token, NewContact contact) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", contact.email());
        if (contact.firstName() != null) {
            body.put("first_name", contact.firstName());
        }
        if (contact.lastName() != null) {
            body.put("last_name", contact.lastName());
        }
        if (contact.company() != null) {
            body.put("company", contact.company());
        }
        return post(token, "/internal/v1/contacts/find-or-create", body)
                .map(data -> read(data.get("contact")));
    }

    /** The organization's contact with this id, or null when it has none (unknown or another organization's). */
    public Uni<ContactRecord> byId(String token, UUID id) {
        return post(token, "/internal/v1/contacts/by-ids", Map.of("ids", List.of(id.toString())))
                .map(data -> data.isArray() && !data.isEmpty() ? read(data.get(0)) : null);
    }

    private Uni<JsonNode> post(String token, String path, Object body) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(config.contactsUrl() + path))
                    .timeout(config.contactsTimeout())
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8))
                    .build();
        } catch (Exception e) {
            return Uni.createFrom().failure(e);
        }
        // the answer arrives on the JDK client's thread: continue on the request's Vert.x context, where its
        // database session lives
        Context context = Vertx.currentContext();
        Uni<HttpResponse<String>> sent = Uni.createFrom()
                .completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        if (context != null) {
            sent = sent.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return sent.onFailure().transform(e -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                        "contacts-service is unavailable", e.getClass().getSimpleName()))
                .map(this::data);
    }

    private JsonNode data(HttpResponse<String> response) {
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (Exception e) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "contacts-service answered unexpectedly",
                    "HTTP " + response.statusCode());
        }
        if (response.statusCode() == 200 && answer.path("ok").asBoolean(false)) {
            return answer.path("data");
        }
        JsonNode error = answer.path("error");
        if (response.statusCode() == 422) {
            // the contact's fields were refused: the same fields the trigger's caller sent
            List<FieldError> fields = new ArrayList<>();
            error.path("fields").forEach(f -> fields.add(new FieldError(f.path("field").asText(), f.path("message").asText())));
            throw new ApiException(ErrorCode.VALIDATION_ERROR, error.path("message").asText("Invalid contact"),
                    error.path("details").asText(null), fields);
        }
        if (response.statusCode() == 409) {
            throw new ApiException(ErrorCode.DUPLICATE_RESOURCE, error.path("message").asText("Contact conflict"),
                    error.path("details").asText(null));
        }
        throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "contacts-service could not answer",
                "HTTP " + response.statusCode() + " " + error.path("code").asText(""));
    }

    private static ContactRecord read(JsonNode contact) {
        try {
            return JSON.treeToValue(contact, ContactRecord.class);
        } catch (Exception e) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "contacts-service answered unexpectedly",
                    "The contact could not be read");
        }
    }
}
