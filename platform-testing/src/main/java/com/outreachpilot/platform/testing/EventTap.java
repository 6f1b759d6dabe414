package com.outreachpilot.platform.testing;

import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads what really reached a Kafka topic, from its beginning, so tests assert on published events rather
 * than on what the producer meant to send. Each tap has its own consumer; close it after use.
 */
public final class EventTap implements AutoCloseable {

    /** An event as it arrived: the record key, the decoded envelope and the record's headers. */
    public record Received(String key, int partition, long offset, DomainEvent event, Map<String, String> headers) {
    }

    private final KafkaConsumer<String, String> consumer;
    private final List<Received> received = new ArrayList<>();

    public EventTap(String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null) {
                infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until an event matching {@code match} arrived, or fails after {@code timeout}. */
    public Received await(Predicate<DomainEvent> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Received r : received) {
                if (match.test(r.event())) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No matching event arrived within " + timeout + "; saw " + received.size());
            }
            poll(Duration.ofMillis(200));
        }
    }

    /** Polls for {@code duration} and returns every event seen so far that matches. */
    public List<Received> collect(Predicate<DomainEvent> match, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return received.stream().filter(r -> match.test(r.event())).toList();
    }

    /** Every matching event seen so far, without polling further. */
    public List<Received> seen(Predicate<DomainEvent> match) {
        return received.stream().filter(r -> match.test(r.event())).toList();
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
            Map<String, String> headers = new HashMap<>();
            record.headers().forEach(h -> headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
            received.add(new Received(record.key(), record.partition(), record.offset(),
                    DomainEventCodec.decode(record.value()), headers));
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
