package com.outreachpilot.platform.data.outbox;

import com.outreachpilot.platform.data.jobs.BackgroundLoop;
import com.outreachpilot.platform.events.EventType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Publishes committed outbox rows to Kafka in id order and deletes them. One relay per service schema works
 * at a time (a transaction-scoped advisory lock), so replicas never publish a row twice at once; a row is
 * deleted only after Kafka acknowledged it, in the transaction that read it, so a relay stopped anywhere
 * publishes the rest after restart (at-least-once; consumers deduplicate by event id). Kafka keeps the
 * published history; the table holds only what is still to be sent.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    @Inject
    Vertx vertx;

    @Inject
    OutboxConfig config;

    @Inject
    DeadLetters deadLetters;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "platform.db.schema")
    String schema;

    @ConfigProperty(name = "quarkus.datasource.reactive.url")
    Optional<String> reactiveUrl;

    @ConfigProperty(name = "quarkus.datasource.username")
    Optional<String> dbUser;

    @ConfigProperty(name = "quarkus.datasource.password")
    Optional<String> dbPassword;

    private KafkaProducer<String, String> producer;
    private ExecutorService publisher;
    private volatile BackgroundLoop loop;
    private PgSubscriber subscriber;

    void start(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            return;
        }
        publisher = Executors.newSingleThreadExecutor(r -> new Thread(r, "outbox-publisher"));
        Map<String, Object> settings = new HashMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // bulk imports publish thousands of events a second: fewer, larger requests cost the broker far less CPU,
        // for a few milliseconds of latency
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        settings.put(ProducerConfig.BATCH_SIZE_CONFIG, 131_072);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, config.compression());
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        // the largest event the relay sends, with headroom for headers; topics are created with the same limit
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, config.maxEventBytes() + 64 * 1024);
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-" + schema);
        producer = new KafkaProducer<>(settings, new StringSerializer(), new StringSerializer());
        publisher.submit(this::ensureTopics);
        loop = newLoop();
        loop.start();
        listenForCommits();
    }

    void stop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
        }
        if (subscriber != null) {
            subscriber.close();
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(5));
        }
        if (publisher != null) {
            publisher.shutdownNow();
        }
    }

    /** Stops publishing (rows keep accumulating in the outbox) until {@link #resume()}. */
    public synchronized void pause() {
        if (loop != null) {
            loop.stop();
            loop.awaitIdle(java.time.Duration.ofSeconds(10));
            loop = null;
        }
    }

    public synchronized void resume() {
        if (loop == null && producer != null) {
            loop = newLoop();
            loop.start();
        }
    }

    private BackgroundLoop newLoop() {
        return new BackgroundLoop("outbox relay (" + schema + ")", vertx, config.pollInterval(), this::relayBatch);
    }

    /** Runs the next relay pass now; for callers that know they just committed events. */
    public void wake() {
        BackgroundLoop current = loop;
        if (current != null) {
            current.wake();
        }
    }

    static String channel(String schema) {
        return Outbox.NOTIFY_CHANNEL + "_" + schema;
    }

    private void listenForCommits() {
        if (reactiveUrl.isEmpty()) {
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(reactiveUrl.get());
        dbUser.ifPresent(options::setUser);
        dbPassword.ifPresent(options::setPassword);
        subscriber = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> retries < 1000 ? 1000L : -1L);
        subscriber.channel(channel(schema)).handler(payload -> wake());
        subscriber.connect().onFailure(e -> LOG.warnf(
                "Cannot LISTEN for outbox commits (%s); relying on polling every %s", e.getMessage(),
                config.pollInterval()));
    }

    /** Rows looked at per pass; the events they hold are capped by {@code platform.outbox.batch-size}. */
    static final int ROWS_PER_PASS = 500;

    /**
     * The events of the oldest rows, one result row per event in publishing order, taking whole rows until
     * the batch size is reached (at least one row, at most a row's worth of events over). No FOR UPDATE: the
     * advisory lock already makes this relay the only one working on the table.
     */
    private static final String NEXT_EVENTS = "select t.id, t.topic, t.event_key, e.event_type, e.event_id, e.payload from"
            + " (select o.*, sum(cardinality(o.event_ids)) over (order by o.id) as upto from"
            + " (select * from outbox_event order by id limit " + ROWS_PER_PASS + ") o) t,"
            + " unnest(t.event_types, t.event_ids, t.payloads) with ordinality as e(event_type, event_id, payload, n)"
            + " where t.upto - cardinality(t.event_ids) < ?1 order by t.id, e.n";

    /** One pass: emits true when it stopped at a limit and more may be waiting. */
    Uni<Boolean> relayBatch() {
        Context context = Vertx.currentContext();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("select pg_try_advisory_xact_lock(7002, hashtext(current_schema()))", Boolean.class)
                .getSingleResult()
                .chain(leader -> !leader ? Uni.createFrom().item(false) : session
                        .createNativeQuery(NEXT_EVENTS, Object[].class)
                        .setParameter(1, config.batchSize())
                        .getResultList()
                        .chain(events -> {
                            if (events.isEmpty()) {
                                return Uni.createFrom().item(false);
                            }
                            Set<String> rows = new LinkedHashSet<>();
                            events.forEach(e -> rows.add(e[0].toString()));
                            return publish(events, context)
                                    .chain(refused -> deadLetters.store(session, refused))
                                    .chain(() -> delete(session, rows))
                                    .replaceWith(rows.size() == ROWS_PER_PASS || events.size() >= config.batchSize());
                        }))));
    }

    private Uni<List<DeadLetters.Refused>> publish(List<Object[]> rows, Context context) {
        return Uni.createFrom()
                .completionStage(() -> CompletableFuture.supplyAsync(() -> sendAndAwait(rows), publisher))
                // back on the request-like context: the Hibernate session belongs to it
                .emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    /**
     * Sends the events and waits for every acknowledgement. An event the broker refuses for a reason that sending
     * it again cannot fix (too large, unserializable) is returned to be moved aside; any other failure fails the
     * pass, which is retried after a back-off from the same rows (at least once: some events may go twice).
     */
    private List<DeadLetters.Refused> sendAndAwait(List<Object[]> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        List<DeadLetters.Refused> refused = new ArrayList<>();
        for (Object[] event : events) {
            String payload = (String) event[5];
            if (payload.length() > config.maxEventBytes() / 4
                    && payload.getBytes(StandardCharsets.UTF_8).length > config.maxEventBytes()) {
                // refused here rather than by the producer: the same verdict without the round trip
                refused.add(DeadLetters.Refused.of(event, "event of " + payload.getBytes(StandardCharsets.UTF_8).length
                        + " bytes exceeds the " + config.maxEventBytes() + "-byte limit"));
                acks.add(null);
                continue;
            }
            // key = organization (its events stay in order); with the event-type header, consumers can skip
            // what they have no use for without parsing the payload
            ProducerRecord<String, String> record =
                    new ProducerRecord<>((String) event[1], (String) event[2], payload);
            record.headers().add("event-type", ((String) event[3]).getBytes(StandardCharsets.UTF_8));
            record.headers().add("event-id", ((String) event[4]).getBytes(StandardCharsets.UTF_8));
            acks.add(producer.send(record));
        }
        for (int i = 0; i < acks.size(); i++) {
            Future<RecordMetadata> ack = acks.get(i);
            if (ack == null) {
                continue;
            }
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while publishing outbox events", e);
            } catch (ExecutionException e) {
                if (!DeadLetters.permanent(e.getCause())) {
                    throw new IllegalStateException("Kafka did not acknowledge outbox events: " + e.getCause(), e);
                }
                refused.add(DeadLetters.Refused.of(events.get(i), e.getCause().toString()));
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge outbox events: " + e, e);
            }
        }
        return refused;
    }

    private static Uni<Void> delete(Mutiny.Session session, Set<String> rows) {
        return session.createNativeQuery("delete from outbox_event where id = any(cast(cast(?1 as text[]) as bigint[]))")
                .setParameter(1, rows.toArray(String[]::new))
                .executeUpdate()
                .replaceWithVoid();
    }

    private void ensureTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            List<NewTopic> topics = EventType.allTopics().stream()
                    .map(t -> new NewTopic(t, config.topicPartitions(), config.topicReplicationFactor())
                            .configs(Map.of("max.message.bytes", String.valueOf(config.maxEventBytes() + 64 * 1024))))
                    .toList();
            admin.createTopics(topics).values().forEach((topic, result) -> {
                try {
                    result.get(15, TimeUnit.SECONDS);
                } catch (Exception e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.debugf("Topic %s not created here (%s); the broker or its operator provides it", topic,
                                e.getMessage());
                    }
                }
            });
        } catch (Exception e) {
            LOG.infof("Could not ensure event topics exist: %s", e.getMessage());
        }
    }
}
