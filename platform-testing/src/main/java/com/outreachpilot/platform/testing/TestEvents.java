package com.outreachpilot.platform.testing;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Publishes an event the way another service's outbox relay does (topic of its domain, key = organization,
 * {@code event-type} and {@code event-id} headers), for testing a consumer against the real broker.
 */
public final class TestEvents {

    private TestEvents() {
    }

    public static void publish(DomainEvent event) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.orgId(),
                    DomainEventCodec.encode(event));
            record.headers().add("event-type", event.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add("event-id", event.id().getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish " + event.type(), e);
        }
    }
}
