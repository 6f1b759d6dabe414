package com.outreachpilot.webhooks;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventType;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;

/** Publishes domain events the way the other services' outbox relays do (keyed by organization). */
final class Events {

    private static KafkaProducer<String, String> producer;

    private Events() {
    }

    static synchronized DomainEvent publish(DomainEvent event) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        }
        try {
            producer.send(new ProducerRecord<>(event.topic(), event.orgId(), DomainEventCodec.encode(event))).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return event;
    }

    static DomainEvent publish(EventType type, String orgId, Object data) {
        return publish(DomainEvent.of(type, orgId, "subject", data));
    }
}
