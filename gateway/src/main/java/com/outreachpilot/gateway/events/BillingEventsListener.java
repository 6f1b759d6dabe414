package com.outreachpilot.gateway.events;

import com.outreachpilot.gateway.domain.Principals;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.DomainEventCodec;
import com.outreachpilot.platform.events.EventType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every gateway replica reads every billing event (no consumer group: each assigns all partitions, from the
 * end) and drops cached principals of revoked keys and changed or deleted organizations at once.
 */
@ApplicationScoped
public class BillingEventsListener {

    private static final Logger LOG = Logger.getLogger(BillingEventsListener.class);
    static final String TOPIC = EventType.Domain.BILLING.topic();

    @Inject
    Principals principals;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile boolean running;
    private KafkaConsumer<String, DomainEvent> consumer;
    private Thread thread;

    void start(@Observes StartupEvent event) {
        running = true;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "gateway-principal-invalidation"),
                new StringDeserializer(), new DomainEventCodec());
        thread = new Thread(this::run, "billing-events-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    private void run() {
        try {
            assignAllPartitions();
            while (running) {
                for (ConsumerRecord<String, DomainEvent> record : consumer.poll(Duration.ofMillis(200))) {
                    apply(record.value());
                }
            }
        } catch (WakeupException e) {
            // shutting down
        } catch (Exception e) {
            LOG.errorf(e, "Billing event listener stopped; cached principals now expire by time only");
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void assignAllPartitions() throws InterruptedException {
        while (running) {
            try {
                List<PartitionInfo> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(5));
                if (partitions != null && !partitions.isEmpty()) {
                    List<TopicPartition> assigned = partitions.stream()
                            .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
                    consumer.assign(assigned);
                    consumer.seekToEnd(assigned);
                    assigned.forEach(consumer::position); // fix the starting point now, not at the first poll
                    return;
                }
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                LOG.debugf("Waiting for topic %s: %s", TOPIC, e.getMessage());
            }
            Thread.sleep(1_000);
        }
    }

    void apply(DomainEvent event) {
        if (event == null) {
            return;
        }
        switch (event.type()) {
            case "apikey.revoked" -> principals.forgetKey(event.subject());
            case "org.updated", "org.deleted" -> principals.forgetOrganization(event.orgId());
            default -> {
                // other billing events do not change what a key may do
            }
        }
    }
}
