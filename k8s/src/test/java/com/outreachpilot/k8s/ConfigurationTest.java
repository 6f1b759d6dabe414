package com.outreachpilot.k8s;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every service gets every setting it reads in production, and each secret reaches only the service that needs it. */
class ConfigurationTest {

    @Test
    void theRequirementsAreReadFromTheSources() {
        // a guard against the reader silently finding nothing
        assertTrue(Sources.requiredEnvironment("gateway").containsAll(Set.of("OP_JWT_PRIVATE_KEY", "OP_ADMIN_TOKEN",
                "OP_JWT_PUBLIC_KEY", "KAFKA_BOOTSTRAP_SERVERS", "BILLING_URL", "CONTACTS_URL")), Sources.requiredEnvironment("gateway").toString());
        assertTrue(Sources.requiredEnvironment("contacts-service").containsAll(Set.of("POSTGRES_HOST", "POSTGRES_PASSWORD", "OP_JWT_PUBLIC_KEY")));
        assertFalse(Sources.requiredEnvironment("contacts-service").contains("POSTGRES_POOL_SIZE"), "has a usable default");
        assertTrue(Sources.mandatoryMappingProperties("gateway").contains("gateway.services."));
        assertTrue(Sources.mandatoryMappingProperties("billing-service").contains("billing.monthly-credits."));
        assertEquals("contacts", Sources.schema("contacts-service"));
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyVariableAServiceReadsInProductionIsProvided(Chart.Variant v) {
        StringBuilder missing = new StringBuilder();
        for (String service : Sources.SERVICES) {
            Deployment d = Workloads.deployment(v, service);
            Map<String, String> env = Workloads.environment(v, d);
            Set<String> absent = new TreeSet<>(Sources.requiredEnvironment(service));
            absent.removeAll(env.keySet());
            if (!absent.isEmpty()) {
                missing.append(service).append(" lacks ").append(absent).append('\n');
            }
            Map<String, String> props = Sources.prodProperties(service);
            for (String property : Sources.mandatoryMappingProperties(service)) {
                boolean set = property.endsWith(".")
                        ? props.keySet().stream().anyMatch(k -> k.startsWith(property))
                        || env.keySet().stream().anyMatch(k -> k.startsWith(Sources.envName(property)))
                        : props.containsKey(property) || env.containsKey(Sources.envName(property));
                if (!set) {
                    missing.append(service).append(" lacks @ConfigMapping property ").append(property).append('\n');
                }
            }
        }
        assertTrue(missing.isEmpty(), missing.toString());
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void connectionsPointIntoTheClusterOrTheManagedServices(Chart.Variant v) {
        Set<String> services = Chart.all(v, Service.class).stream().map(s -> s.getMetadata().getName()).collect(Collectors.toSet());
        for (Deployment d : Chart.all(v, Deployment.class)) {
            Map<String, String> env = Workloads.environment(v, d);
            env.forEach((k, value) -> {
                assertFalse(value.contains("localhost") || value.contains("127.0.0.1"), d.getMetadata().getName() + " " + k + "=" + value);
                if (k.equals("PUBLIC_URL")) {
                    assertTrue(value.startsWith(v.prod() ? "https://" : "http"), "tracking links start with " + value);
                } else if (k.endsWith("_URL") && !k.startsWith("OPENAI")) {
                    String host = value.replaceFirst("^http://", "").replaceFirst(":8080$", "");
                    assertTrue(services.contains(host), k + " points at " + value + ", which is no Service of the chart");
                }
            });
            assertEquals("8080", env.get("HTTP_PORT"));
            // run-java.sh picks the GC from GC_CONTAINER_OPTIONS; a second GC flag in JAVA_OPTS_APPEND stops the JVM
            assertFalse(env.get("JAVA_OPTS_APPEND").matches(".*-XX:\\+Use\\w+GC.*"), env.get("JAVA_OPTS_APPEND"));
            assertTrue(env.get("GC_CONTAINER_OPTIONS").matches("-XX:\\+Use\\w+GC"), env.get("GC_CONTAINER_OPTIONS"));
            String kafka = env.get("KAFKA_BOOTSTRAP_SERVERS");
            assertEquals(v.external(), !kafka.startsWith(Chart.RELEASE + "-kafka-kafka-bootstrap:"), kafka);
            if (env.containsKey("POSTGRES_HOST")) {
                assertEquals(v.external(), !env.get("POSTGRES_HOST").equals(Chart.RELEASE + "-pg-rw"), env.get("POSTGRES_HOST"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void secretsComeFromSecretsAndOnlyWhereTheyBelong(Chart.Variant v) {
        for (Deployment d : Chart.all(v, Deployment.class)) {
            String service = Workloads.serviceOf(d);
            Map<String, String> env = Workloads.environment(v, d);
            env.forEach((k, value) -> {
                if (k.matches(".*(PASSWORD|TOKEN|API_KEY|SECRET|USER(NAME)?)$")) {
                    assertTrue(value.startsWith("secret:"), service + " " + k + " must come from a Secret");
                }
            });
            Set<String> secretNames = new TreeSet<>();
            env.values().stream().filter(x -> x.startsWith("secret:")).map(x -> x.substring(7, x.indexOf('/'))).forEach(secretNames::add);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            pod.getVolumes().stream().filter(vol -> vol.getSecret() != null).map(vol -> vol.getSecret().getSecretName()).forEach(secretNames::add);

            Set<String> expected = new TreeSet<>(Set.of("outreachpilot-jwt-public"));
            switch (service) {
                case "gateway" -> expected.addAll(Set.of("outreachpilot-jwt-signing", "outreachpilot-admin-token"));
                case "chat-service" -> expected.add("outreachpilot-openai");
                case "campaigns-service" -> expected.addAll(Set.of("outreachpilot-smtp", "outreachpilot-tracking"));
                default -> {
                }
            }
            if (Sources.ownsData(service)) {
                expected.add("outreachpilot-pg-" + Sources.schema(service));
            }
            assertEquals(expected, secretNames, service + " sees these Secrets");

            // key files: mounted from their Secret where the variable says
            assertKeyFile(d, env.get("OP_JWT_PUBLIC_KEY"), "outreachpilot-jwt-public");
            if (service.equals("gateway")) {
                assertKeyFile(d, env.get("OP_JWT_PRIVATE_KEY"), "outreachpilot-jwt-signing");
            } else {
                assertFalse(env.containsKey("OP_JWT_PRIVATE_KEY") || env.containsKey("OP_ADMIN_TOKEN"), service + " holds gateway secrets");
            }
        }
    }

    @Test
    void theImageRunsAsTheUserThePodsRequire() {
        String dockerfile = Sources.read(Chart.dir().resolve("images/Dockerfile.jvm"));
        Deployment d = Workloads.deployment(Chart.Variant.PROD, "gateway");
        long uid = d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsUser();
        assertTrue(dockerfile.contains("\nUSER " + uid + "\n"), "the image's user is not " + uid);
        assertTrue(dockerfile.contains("EXPOSE 8080"));
    }

    private static void assertKeyFile(Deployment d, String path, String secret) {
        assertNotNull(path, d.getMetadata().getName() + " has no key path");
        PodSpec pod = d.getSpec().getTemplate().getSpec();
        VolumeMount mount = Workloads.container(d).getVolumeMounts().stream().filter(m -> path.startsWith(m.getMountPath() + "/")).findFirst()
                .orElseThrow(() -> new AssertionError(path + " is on no mounted volume of " + d.getMetadata().getName()));
        Volume volume = pod.getVolumes().stream().filter(vol -> vol.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertNotNull(volume.getSecret(), path + " is not from a Secret");
        assertEquals(secret, volume.getSecret().getSecretName());
        String file = path.substring(mount.getMountPath().length() + 1);
        assertTrue(volume.getSecret().getItems().stream().anyMatch(i -> i.getPath().equals(file)), path + " is not projected");
    }
}
