package com.outreachpilot.campaigns.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;

import java.util.List;
import java.util.Map;

/** A domain value stored as a JSON document in a text column, read and written whole. */
public abstract class JsonColumn<T> implements AttributeConverter<T, String> {

    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final TypeReference<T> type;

    protected JsonColumn(TypeReference<T> type) {
        this.type = type;
    }

    @Override
    public String convertToDatabaseColumn(T value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public T convertToEntityAttribute(String stored) {
        if (stored == null) {
            return null;
        }
        try {
            return JSON.readValue(stored, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored value is not the expected JSON document", e);
        }
    }

    @jakarta.persistence.Converter
    public static class SenderColumn extends JsonColumn<Sender> {
        public SenderColumn() {
            super(new TypeReference<>() { });
        }
    }

    @jakarta.persistence.Converter
    public static class StepsColumn extends JsonColumn<List<Step>> {
        public StepsColumn() {
            super(new TypeReference<>() { });
        }
    }

    @jakarta.persistence.Converter
    public static class ScheduleColumn extends JsonColumn<Schedule> {
        public ScheduleColumn() {
            super(new TypeReference<>() { });
        }
    }

    @jakarta.persistence.Converter
    public static class SettingsColumn extends JsonColumn<Settings> {
        public SettingsColumn() {
            super(new TypeReference<>() { });
        }
    }

    @jakarta.persistence.Converter
    public static class LinksColumn extends JsonColumn<List<String>> {
        public LinksColumn() {
            super(new TypeReference<>() { });
        }
    }

    @jakarta.persistence.Converter
    public static class ContextColumn extends JsonColumn<Map<String, Object>> {
        public ContextColumn() {
            super(new TypeReference<>() { });
        }
    }
}
