package com.outreachpilot.contacts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.JsonNode;
import com.outreachpilot.contacts.domain.ContactFields;
import com.outreachpilot.contacts.domain.ContactFields.Field;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A contact as a client sends it (create, upsert, update, find-or-create). Unknown fields go into its context;
 * {@code id}, {@code account_id} and the timestamps are the server's and ignored. A given null email or status
 * is read as "" so that it is refused rather than taken for absent.
 */
@JsonIgnoreProperties({"upsert", "id", "account_id", "created_at", "updated_at"})
@Schema(name = "ContactInput", additionalProperties =
        Schema.True.class, description = "Unknown fields go into context")
final class ContactInput extends GivenFields {

    /** Validation group of a contact being created: the email is required. */
    interface Creating {
    }

    static final String EMAIL = "is required and must be a string";
    static final String STATUS = "must be one of new, active, replied, bounced, unsubscribed";
    static final String FOLDER = "must be the id of one of your folders, or null";

    static final ObjectShape<ContactInput> SHAPE = new ObjectShape<>(ContactInput.class,
            List.of("email", "first_name", "last_name", "company", "title", "linkedin_url", "context", "status",
                    "folder_id"),
            Map.of("email", EMAIL, "status", STATUS, "folder_id", FOLDER, "context", CONTEXT), TEXT);

    /** {@code {contacts: [...], upsert}}. */
    record Import(Boolean upsert,
                  @NotNull(groups = RequestBodies.Envelope.Batch.class, message = LIST)
                  @Size(groups = RequestBodies.Envelope.Batch.class, min = 1, max = RequestBodies.MAX_BATCH, message = LIST)
                  List<JsonNode> contacts) implements RequestBodies.Envelope {

        static final String LIST = "must be an array of 1 to " + RequestBodies.MAX_BATCH + " items";
        static final ObjectShape<Import> SHAPE = new ObjectShape<>(Import.class, List.of("upsert", "contacts"),
                Map.of("upsert", "must be true or false", "contacts", LIST), LIST);

        @Override
        public List<JsonNode> items() {
            return contacts;
        }
    }

    @NotNull(groups = Creating.class, message = EMAIL)
    @Constraints.EmailAddress
    @Schema(format = "email", maxLength = 254)
    private String email;
    @Size(max = MAX_TEXT, message = TOO_LONG)
    private String firstName;
    @Size(max = MAX_TEXT, message = TOO_LONG)
    private String lastName;
    @Size(max = MAX_TEXT, message = TOO_LONG)
    private String company;
    @Size(max = MAX_TEXT, message = TOO_LONG)
    private String title;
    @Size(max = MAX_TEXT, message = TOO_LONG)
    private String linkedinUrl;
    @Pattern(regexp = "new|active|replied|bounced|unsubscribed", message = STATUS)
    private String status;
    @Constraints.Uuid(message = FOLDER)
    @Schema(format = "uuid", description = "One of your folders (GET /api/v1/folders); null takes the contact out")
    private String folderId;
    private Map<String, Object> context;

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    void setEmail(String email) {
        this.email = email;
        given("email");
    }

    @JsonSetter
    void setFirstName(String firstName) {
        this.firstName = firstName;
        given("first_name");
    }

    @JsonSetter
    void setLastName(String lastName) {
        this.lastName = lastName;
        given("last_name");
    }

    @JsonSetter
    void setCompany(String company) {
        this.company = company;
        given("company");
    }

    @JsonSetter
    void setTitle(String title) {
        this.title = title;
        given("title");
    }

    @JsonSetter
    void setLinkedinUrl(String linkedinUrl) {
        this.linkedinUrl = linkedinUrl;
        given("linkedin_url");
    }

    @JsonSetter(nulls = Nulls.AS_EMPTY)
    void setStatus(String status) {
        this.status = status;
        given("status");
    }

    @JsonSetter
    void setFolderId(String folderId) {
        this.folderId = folderId;
        given("folder_id");
    }

    @JsonSetter
    void setContext(Map<String, Object> context) {
        this.context = context;
    }

    /** The fields as the domain takes them (valid: read through {@link RequestBodies}). */
    ContactFields toFields() {
        EnumSet<Field> given = EnumSet.noneOf(Field.class);
        for (Field field : Field.values()) {
            if (has(field.name().toLowerCase(java.util.Locale.ROOT))) {
                given.add(field);
            }
        }
        UUID folder = folderId == null || folderId.isBlank() ? null : UUID.fromString(folderId.trim());
        return new ContactFields(given, email, firstName, lastName, company, title, linkedinUrl, status, folder,
                context, unknown());
    }
}
