package com.outreachpilot.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every service runs as a production workload should: probes, resources, locked-down pods, spread, budgets. */
class DeploymentPolicyTest {

    /** Largest RSS measured for one service JVM (STACK.md: 90–330 MB); limits must leave room above it. */
    private static final BigDecimal MEASURED_MAX_RSS = new BigDecimal(330L * 1000 * 1000);

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void oneDeploymentPerService(Chart.Variant v) {
        Set<String> deployed = Chart.all(v, Deployment.class).stream().map(Workloads::serviceOf).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(Sources.SERVICES), deployed);
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyDeploymentHasTheThreeProbesOnTheQuarkusHealthEndpointsOfItsManagementPort(Chart.Variant v) {
        for (Deployment d : Chart.all(v, Deployment.class)) {
            Container c = Workloads.container(d);
            String name = d.getMetadata().getName();
            assertProbe(name, "startup", c.getStartupProbe(), "/q/health/started");
            assertProbe(name, "liveness", c.getLivenessProbe(), "/q/health/live");
            assertProbe(name, "readiness", c.getReadinessProbe(), "/q/health/ready");
            assertEquals(8080, c.getPorts().get(0).getContainerPort(), name);
            assertEquals("http", c.getPorts().get(0).getName(), name);
            assertEquals(9000, c.getPorts().get(1).getContainerPort(), name);
            assertEquals("management", c.getPorts().get(1).getName(), name);
        }
    }

    private static void assertProbe(String name, String kind, Probe probe, String path) {
        assertNotNull(probe, name + " has no " + kind + " probe");
        assertNotNull(probe.getHttpGet(), name + " " + kind + " probe is not an HTTP GET");
        assertEquals(path, probe.getHttpGet().getPath(), name + " " + kind + " probe path");
        assertEquals("management", probe.getHttpGet().getPort().getStrVal(), name + " " + kind + " probe port");
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyDeploymentHasRequestsAndLimitsAboveTheMeasuredFootprint(Chart.Variant v) {
        for (Deployment d : Chart.all(v, Deployment.class)) {
            var resources = Workloads.container(d).getResources();
            String name = d.getMetadata().getName();
            for (String r : List.of("cpu", "memory")) {
                assertNotNull(resources.getRequests().get(r), name + " requests no " + r);
                assertNotNull(resources.getLimits().get(r), name + " has no " + r + " limit");
                assertTrue(Quantity.getAmountInBytes(resources.getRequests().get(r))
                                .compareTo(Quantity.getAmountInBytes(resources.getLimits().get(r))) <= 0,
                        name + " requests more " + r + " than its limit");
            }
            BigDecimal memoryLimit = Quantity.getAmountInBytes(resources.getLimits().get("memory"));
            assertTrue(memoryLimit.compareTo(MEASURED_MAX_RSS) > 0,
                    name + ": a memory limit at or below the measured RSS (330 MB) would get it OOM-killed");
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyPodIsNonRootWithAReadOnlyRootAndNoCapabilities(Chart.Variant v) {
        for (Deployment d : Chart.all(v, Deployment.class)) {
            String name = d.getMetadata().getName();
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot(), name + " pod runAsNonRoot");
            assertTrue(pod.getSecurityContext().getRunAsUser() != null && pod.getSecurityContext().getRunAsUser() > 0, name);
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType(), name);
            var sc = Workloads.container(d).getSecurityContext();
            assertNotNull(sc, name + " container has no securityContext");
            assertEquals(Boolean.TRUE, sc.getRunAsNonRoot(), name + " runAsNonRoot");
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem(), name + " readOnlyRootFilesystem");
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation(), name + " allowPrivilegeEscalation");
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop(), name + " drops all capabilities");
            assertTrue(sc.getCapabilities().getAdd() == null || sc.getCapabilities().getAdd().isEmpty(), name);
            // the only writable path: /tmp, an emptyDir
            var tmp = Workloads.container(d).getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp")).findFirst();
            assertTrue(tmp.isPresent(), name + " mounts no writable /tmp");
            Volume volume = pod.getVolumes().stream().filter(vol -> vol.getName().equals(tmp.get().getName())).findFirst().orElseThrow();
            assertNotNull(volume.getEmptyDir(), name + " /tmp is not an emptyDir");
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyServiceHasAServiceAnAccountWithoutTokenABudgetAndSpread(Chart.Variant v) {
        for (Deployment d : Chart.all(v, Deployment.class)) {
            String name = d.getMetadata().getName();
            var labels = Workloads.podLabels(d);
            PodSpec pod = d.getSpec().getTemplate().getSpec();

            Service service = Chart.all(v, Service.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no Service"));
            assertTrue(labels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), name + " Service selects its pods");
            assertEquals(8080, service.getSpec().getPorts().get(0).getPort());

            assertEquals(name, pod.getServiceAccountName());
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken(), name + " mounts an API token");
            ServiceAccount account = Chart.all(v, ServiceAccount.class).stream().filter(a -> a.getMetadata().getName().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError(name + " has no ServiceAccount"));
            assertEquals(Boolean.FALSE, account.getAutomountServiceAccountToken(), name);

            List<PodDisruptionBudget> budgets = Chart.all(v, PodDisruptionBudget.class).stream()
                    .filter(p -> Workloads.selects(p.getSpec().getSelector(), labels)).toList();
            assertEquals(1, budgets.size(), name + " has no PodDisruptionBudget");
            assertNotNull(budgets.get(0).getSpec().getMaxUnavailable(), name + ": maxUnavailable (minAvailable would block drains at one replica)");

            List<TopologySpreadConstraint> spread = pod.getTopologySpreadConstraints();
            assertTrue(spread.stream().anyMatch(t -> t.getTopologyKey().equals("kubernetes.io/hostname")
                    && Workloads.selects(t.getLabelSelector(), labels)), name + " is not spread across nodes");
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void theServicesThatScaleOutHaveHorizontalPodAutoscalers(Chart.Variant v) {
        Set<String> scaled = new TreeSet<>();
        for (HorizontalPodAutoscaler hpa : Chart.all(v, HorizontalPodAutoscaler.class)) {
            var target = hpa.getSpec().getScaleTargetRef();
            assertEquals("Deployment", target.getKind());
            Deployment d = Chart.all(v, Deployment.class).stream().filter(x -> x.getMetadata().getName().equals(target.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("HPA " + hpa.getMetadata().getName() + " scales nothing"));
            assertTrue(hpa.getSpec().getMinReplicas() >= 1 && hpa.getSpec().getMaxReplicas() > hpa.getSpec().getMinReplicas());
            assertFalse(hpa.getSpec().getMetrics().isEmpty());
            assertEquals(null, d.getSpec().getReplicas(), target.getName() + ": replicas set beside an HPA fight it on every upgrade");
            scaled.add(Workloads.serviceOf(d));
        }
        assertEquals(new TreeSet<>(List.of("gateway", "contacts-service", "campaigns-service", "webhook-dispatcher")), scaled);
    }

    @ParameterizedTest
    @EnumSource(value = Chart.Variant.class, names = {"PROD", "PROD_EXTERNAL"})
    void prodPinsEveryImageNeverLatest(Chart.Variant v) {
        for (Deployment d : Chart.all(v, Deployment.class)) {
            for (Container c : d.getSpec().getTemplate().getSpec().getContainers()) {
                String image = c.getImage();
                String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
                boolean digest = image.contains("@sha256:");
                assertTrue(digest || afterRegistry.contains(":"), image + " has no tag or digest");
                String tag = digest ? "" : afterRegistry.substring(afterRegistry.indexOf(':') + 1);
                assertFalse(tag.equals("latest") || tag.endsWith("-SNAPSHOT") || tag.isEmpty(), image + " is not pinned");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void onlyTheGatewayIsExposedIncludingTheTrackingPaths(Chart.Variant v) {
        List<Ingress> ingresses = Chart.all(v, Ingress.class);
        assertEquals(1, ingresses.size());
        List<HTTPIngressPath> paths = ingresses.get(0).getSpec().getRules().stream()
                .flatMap(r -> r.getHttp().getPaths().stream()).toList();
        for (HTTPIngressPath p : paths) {
            assertEquals(Chart.RELEASE + "-gateway", p.getBackend().getService().getName(), p.getPath());
            assertFalse(p.getPath().startsWith("/q"), "health and metrics must not be public");
        }
        Set<String> prefixes = paths.stream().map(HTTPIngressPath::getPath).collect(Collectors.toSet());
        assertTrue(prefixes.containsAll(Set.of("/api", "/admin", "/t")), prefixes.toString());
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void metricsAreScrapedByServiceMonitorOrAnnotations(Chart.Variant v) {
        boolean monitor = !Chart.ofKind(v, "ServiceMonitor").isEmpty();
        assertEquals(v.prod(), monitor, "prod uses the prometheus-operator, dev the annotations");
        if (monitor) {
            Chart.Manifest sm = Chart.ofKind(v, "ServiceMonitor").get(0);
            var endpoint = sm.tree().path("spec").path("endpoints").get(0);
            assertEquals("/q/metrics", endpoint.path("path").asText());
            assertEquals("management", endpoint.path("port").asText());
            var selector = StrictParser.MAPPER.convertValue(sm.tree().path("spec").path("selector"), io.fabric8.kubernetes.api.model.LabelSelector.class);
            for (Service s : Chart.all(v, Service.class)) {
                assertTrue(Workloads.selects(selector, s.getMetadata().getLabels()), s.getMetadata().getName() + " not scraped");
            }
        }
        for (Deployment d : Chart.all(v, Deployment.class)) {
            var annotations = d.getSpec().getTemplate().getMetadata().getAnnotations();
            if (monitor) {
                assertFalse(annotations.containsKey("prometheus.io/scrape"), "scraped twice");
            } else {
                assertEquals("true", annotations.get("prometheus.io/scrape"));
                assertEquals("/q/metrics", annotations.get("prometheus.io/path"));
                assertEquals("9000", annotations.get("prometheus.io/port"));
            }
        }
    }
}
