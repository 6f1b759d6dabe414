package com.outreachpilot.webhooks.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.util.List;

/** A subscription's event types, stored as a JSON array in a text column. */
@Converter
public class EventList implements AttributeConverter<List<String>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String convertToDatabaseColumn(List<String> events) {
        try {
            return JSON.writeValueAsString(events == null ? List.of() : events);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public List<String> convertToEntityAttribute(String stored) {
        try {
            return stored == null ? List.of() : JSON.readValue(stored, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event list is not a JSON array: " + stored, e);
        }
    }
}
