package com.outreachpilot.campaigns.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.outreachpilot.campaigns.config.CampaignsConfig;
import com.outreachpilot.platform.client.ServiceCall;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.error.FieldError;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

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

    private ServiceCall contacts;

    @PostConstruct
    void init() {
        contacts = new ServiceCall(config.contactsUrl(), config.contactsTimeout());
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
        return contacts.post(token, path, body)
                .onFailure().transform(e -> new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                        "contacts-service is unavailable", e.getClass().getSimpleName()))
                .map(ContactsClient::data);
    }

    private static JsonNode data(ServiceCall.Answer answer) {
        if (answer.ok()) {
            return answer.data();
        }
        if (answer.body().isMissingNode()) {
            throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "contacts-service answered unexpectedly",
                    "HTTP " + answer.status());
        }
        JsonNode error = answer.body().path("error");
        if (answer.status() == 422) {
            // the contact's fields were refused: the same fields the trigger's caller sent
            List<FieldError> fields = new ArrayList<>();
            error.path("fields").forEach(f -> fields.add(new FieldError(f.path("field").asText(), f.path("message").asText())));
            throw new ApiException(ErrorCode.VALIDATION_ERROR, error.path("message").asText("Invalid contact"),
                    error.path("details").asText(null), fields);
        }
        if (answer.status() == 409) {
            throw new ApiException(ErrorCode.DUPLICATE_RESOURCE, error.path("message").asText("Contact conflict"),
                    error.path("details").asText(null));
        }
        throw new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "contacts-service could not answer",
                "HTTP " + answer.status() + " " + error.path("code").asText(""));
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
