package com.outreachpilot.campaigns.domain;

import com.fasterxml.jackson.core.type.TypeReference;
import com.outreachpilot.platform.data.json.JsonColumn;

import java.util.List;
import java.util.Map;

/** The domain values a campaign's tables store as JSON documents, one converter per type. */
public final class Columns {

    private Columns() {
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
