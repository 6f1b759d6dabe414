package com.outreachpilot.contacts.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.outreachpilot.contacts.domain.CompanyFields;
import com.outreachpilot.contacts.domain.CompanyFields.Field;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.io.IOException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A company as a client sends it (create, upsert, update). Unknown fields go into its context; {@code id} and
 * the timestamps are the server's and ignored. {@code size} is a string such as "51-200" or a whole number.
 */
@JsonIgnoreProperties({"upsert", "id", "created_at", "updated_at"})
@Schema(name = "CompanyInput", additionalProperties =
        Schema.True.class, description = "Unknown fields go into context")
final class CompanyInput extends GivenFields {

    static final String SIZE = "must be a string such as \"51-200\" or a whole number";

    static final ObjectShape<CompanyInput> SHAPE = new ObjectShape<>(CompanyInput.class,
            List.of("name", "domain", "industry", "context", "size"), Map.of("size", SIZE, "context", CONTEXT), TEXT);

    /** {@code {companies: [...], upsert}}. */
    record Import(Boolean upsert,
                  @NotNull(groups = RequestBodies.Envelope.Batch.class, message = LIST)
                  @Size(groups = RequestBodies.Envelope.Batch.class, min = 1, max = RequestBodies.MAX_BATCH, message = LIST)
                  List<JsonNode> companies) implements RequestBodies.Envelope {

        static final String LIST = "must be an array of 1 to " + RequestBodies.MAX_BATCH + " items";
        static final ObjectShape<Import> SHAPE = new ObjectShape<>(Import.class, List.of("upsert", "companies"),
                Map.of("upsert", "must be true or false", "companies", LIST), LIST);

        @Override
        public List<JsonNode> items() {
            return companies;
        }
    }

    @Size(max = MAX_TEXT, message = TOO_LONG)
    private String name;
    @Size(max = MAX_TEXT, message = TOO_LONG)
    @Constraints.DomainName
    private String domain;
    @Size(max = MAX_TEXT, message = TOO_LONG)
    private String industry;
    @Size(max = MAX_TEXT, message = TOO_LONG)
    private String size;
    private Map<String, Object> context;

    @JsonSetter
    void setName(String name) {
        this.name = name;
        given("name");
    }

    @JsonSetter
    void setDomain(String domain) {
        this.domain = domain;
        given("domain");
    }

    @JsonSetter
    void setIndustry(String industry) {
        this.industry = industry;
        given("industry");
    }

    @JsonSetter
    @JsonDeserialize(using = SizeText.class)
    void setSize(String size) {
        this.size = size;
        given("size");
    }

    @JsonSetter
    void setContext(Map<String, Object> context) {
        this.context = context;
    }

    /** The fields as the domain takes them (valid: read through {@link RequestBodies}). */
    CompanyFields toFields() {
        EnumSet<Field> given = EnumSet.noneOf(Field.class);
        for (Field field : Field.values()) {
            if (has(field.name().toLowerCase(Locale.ROOT))) {
                given.add(field);
            }
        }
        return new CompanyFields(given, name, domain, industry, size, context, unknown());
    }

    /** A size as text: a string as it is, a whole number written out; anything else is the wrong type. */
    static final class SizeText extends StdScalarDeserializer<String> {

        SizeText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.hasToken(JsonToken.VALUE_STRING)) {
                return p.getText();
            }
            if (p.hasToken(JsonToken.VALUE_NUMBER_INT) && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                return Long.toString(p.getLongValue());
            }
            return (String) ctxt.handleUnexpectedToken(String.class, p);
        }
    }
}
