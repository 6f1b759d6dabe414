package com.outreachpilot.platform.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.util.RawValue;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON form of {@link DomainEvent}, used by the outbox (to store) and by consumers (to read Kafka records).
 * Independent of the HTTP mapper so the wire format of events never changes with API settings.
 */
public final class DomainEventCodec implements Deserializer<DomainEvent> {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A resource as event {@code data}: the same snake_case JSON the public API shows, rendered once as text
     * and embedded as it is when the event is encoded (a tree would be built only to be written out again).
     */
    public static com.fasterxml.jackson.databind.JsonNode toData(Object resource) {
        try {
            return JsonNodeFactory.instance.rawValueNode(new RawValue(MAPPER.writeValueAsString(resource)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String encode(DomainEvent event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DomainEvent decode(String json) {
        try {
            return MAPPER.readValue(json, DomainEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kafka deserializer for consumers ({@code value.deserializer}); returns null for unreadable records. */
    @Override
    public DomainEvent deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return MAPPER.readValue(bytes, DomainEvent.class);
        } catch (IOException e) {
            return null;
        }
    }
}
