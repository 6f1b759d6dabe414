package com.outreachpilot.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Kafka through Strimzi (KRaft, one KafkaTopic per topic), PostgreSQL through CloudNativePG, or both external. */
class KafkaAndPostgresTest {

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyTopicAServiceUsesHasAKafkaTopic(Chart.Variant v) {
        List<KafkaTopic> topics = Chart.all(v, KafkaTopic.class);
        if (v.external()) {
            assertTrue(topics.isEmpty(), "an external Kafka's topics are not Strimzi's");
            return;
        }
        Map<String, KafkaTopic> byName = topics.stream().collect(Collectors.toMap(t -> t.getSpec().getTopicName(), t -> t));
        assertEquals(Sources.topics(), new TreeSet<>(byName.keySet()));
        Kafka kafka = Chart.all(v, Kafka.class).get(0);
        for (KafkaTopic t : topics) {
            String name = t.getSpec().getTopicName();
            assertEquals(kafka.getMetadata().getName(), t.getMetadata().getLabels().get("strimzi.io/cluster"), name);
            assertTrue(t.getSpec().getPartitions() >= 1, name);
            Map<String, Object> config = t.getSpec().getConfig();
            int minIsr = ((Number) config.get("min.insync.replicas")).intValue();
            assertTrue(config.containsKey("retention.ms"), name + " states no retention");
            assertTrue(((Number) config.get("max.message.bytes")).intValue() > 1_000_000, name + " refuses the relay's largest event");
            if (v.prod()) {
                assertTrue(t.getSpec().getReplicas() >= 3 && minIsr >= 2 && minIsr < t.getSpec().getReplicas(),
                        name + ": replicas " + t.getSpec().getReplicas() + ", min ISR " + minIsr);
            } else {
                assertTrue(minIsr <= t.getSpec().getReplicas(), name);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void kafkaRunsInKraftModeWithNodePools(Chart.Variant v) {
        List<Kafka> clusters = Chart.all(v, Kafka.class);
        List<KafkaNodePool> pools = Chart.all(v, KafkaNodePool.class);
        if (v.external()) {
            assertTrue(clusters.isEmpty() && pools.isEmpty());
            return;
        }
        assertEquals(1, clusters.size());
        Kafka kafka = clusters.get(0);
        assertEquals(null, kafka.getSpec().getZookeeper(), "KRaft: no ZooKeeper");
        assertEquals(null, kafka.getSpec().getKafka().getReplicas(), "replicas belong to the node pools");
        assertTrue(kafka.getSpec().getKafka().getListeners().stream().anyMatch(l -> l.getPort() == 9092 && !l.isTls()));
        int controllers = 0;
        int brokers = 0;
        for (KafkaNodePool pool : pools) {
            assertEquals(kafka.getMetadata().getName(), pool.getMetadata().getLabels().get("strimzi.io/cluster"));
            if (pool.getSpec().getRoles().contains(ProcessRoles.CONTROLLER)) {
                controllers += pool.getSpec().getReplicas();
            }
            if (pool.getSpec().getRoles().contains(ProcessRoles.BROKER)) {
                brokers += pool.getSpec().getReplicas();
            }
        }
        assertTrue(controllers >= 1 && brokers >= 1, "controllers and brokers");
        if (v.prod()) {
            assertTrue(controllers >= 3 && controllers % 2 == 1, "a controller quorum survives one loss: " + controllers);
            assertTrue(brokers >= 3, "brokers: " + brokers);
            Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
            assertEquals(2, ((Number) config.get("min.insync.replicas")).intValue());
            assertEquals(false, config.get("auto.create.topics.enable"));
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void postgresIsACloudNativePgClusterWithASchemaAndRolePerService(Chart.Variant v) {
        List<Chart.Manifest> clusters = Chart.ofKind(v, "Cluster");
        if (v.external()) {
            assertTrue(clusters.isEmpty() && Chart.ofKind(v, "ScheduledBackup").isEmpty());
            return;
        }
        assertEquals(1, clusters.size());
        JsonNode cluster = clusters.get(0).tree();
        assertEquals("postgresql.cnpg.io/v1", cluster.path("apiVersion").asText());
        JsonNode spec = cluster.path("spec");
        // structure: the Cluster fields this chart uses, nothing else (a misspelt field would be dropped by the API)
        assertOnly(spec, "spec", Set.of("instances", "imageName", "primaryUpdateStrategy", "enableSuperuserAccess", "postgresql",
                "bootstrap", "managed", "storage", "walStorage", "resources", "affinity", "monitoring", "backup"));
        assertOnly(spec.path("bootstrap").path("initdb"), "initdb", Set.of("database", "owner", "postInitApplicationSQL"));
        assertOnly(spec.path("storage"), "storage", Set.of("size", "storageClass"));
        assertOnly(spec.path("affinity"), "affinity", Set.of("enablePodAntiAffinity", "topologyKey", "podAntiAffinityType"));
        assertTrue(spec.path("instances").isInt() && spec.path("instances").asInt() >= (v.prod() ? 3 : 1));
        assertFalse(spec.path("storage").path("size").asText().isEmpty());
        String database = spec.path("bootstrap").path("initdb").path("database").asText();
        assertFalse(database.isEmpty());

        List<String> sql = new ArrayList<>();
        spec.path("bootstrap").path("initdb").path("postInitApplicationSQL").forEach(s -> sql.add(s.asText()));
        Set<String> roles = new TreeSet<>();
        for (JsonNode role : spec.path("managed").path("roles")) {
            assertOnly(role, "role", Set.of("name", "ensure", "login", "inherit", "passwordSecret"));
            assertEquals("present", role.path("ensure").asText());
            assertTrue(role.path("login").asBoolean());
            assertEquals("outreachpilot-pg-" + role.path("name").asText(), role.path("passwordSecret").path("name").asText());
            roles.add(role.path("name").asText());
        }
        Set<String> schemas = new TreeSet<>();
        for (String service : Sources.SERVICES) {
            if (!Sources.ownsData(service)) {
                continue;
            }
            String schema = Sources.schema(service);
            schemas.add(schema);
            assertTrue(sql.contains("CREATE SCHEMA IF NOT EXISTS " + schema + " AUTHORIZATION " + schema), schema + " is not created for its role");
            Deployment d = Workloads.deployment(v, service);
            assertEquals(database, Workloads.environment(v, d).get("POSTGRES_DB"), service);
        }
        assertEquals(schemas, roles, "one role per data service");
        // the contacts migrations' search indexes
        for (String extension : List.of("pg_trgm", "btree_gin")) {
            assertTrue(sql.contains("CREATE EXTENSION IF NOT EXISTS " + extension + " SCHEMA " + Sources.schema("contacts-service")),
                    extension + " missing");
        }
        if (v.prod()) {
            JsonNode store = spec.path("backup").path("barmanObjectStore");
            assertFalse(store.path("destinationPath").asText().isEmpty(), "prod backs up");
            assertFalse(spec.path("backup").path("retentionPolicy").asText().isEmpty());
            assertFalse(store.path("s3Credentials").path("accessKeyId").path("name").asText().isEmpty());
            List<Chart.Manifest> scheduled = Chart.ofKind(v, "ScheduledBackup");
            assertEquals(1, scheduled.size());
            assertEquals(clusters.get(0).name(), scheduled.get(0).tree().path("spec").path("cluster").path("name").asText());
            assertEquals(6, scheduled.get(0).tree().path("spec").path("schedule").asText().split(" ").length, "CloudNativePG cron has seconds");
        }
    }

    private static void assertOnly(JsonNode node, String where, Set<String> allowed) {
        if (!node.isObject()) {
            fail(where + " is missing");
        }
        node.fieldNames().forEachRemaining(f -> assertTrue(allowed.contains(f), where + "." + f + " is not a field this chart should set"));
    }
}
