package com.outreachpilot.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Default deny, then exactly the traffic the suite needs (issue 17, "NetworkPolicies"). */
class NetworkPolicyTest {

    /** Who really calls whom: the gateway everything; campaigns → contacts; chat → contacts, campaigns, billing, webhooks (its tools). */
    private static final Map<String, Set<String>> CALLERS = Map.of(
            "billing-service", Set.of("gateway", "chat-service"),
            "contacts-service", Set.of("gateway", "campaigns-service", "chat-service"),
            "campaigns-service", Set.of("gateway", "chat-service"),
            "chat-service", Set.of("gateway"),
            "webhook-dispatcher", Set.of("gateway", "chat-service"),
            "gateway", Set.of());

    private static final Set<String> PRIVATE_RANGES = Set.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "127.0.0.0/8");

    private static List<NetworkPolicy> selecting(Chart.Variant v, Deployment d) {
        return Chart.all(v, NetworkPolicy.class).stream()
                .filter(p -> Workloads.selects(p.getSpec().getPodSelector(), Workloads.podLabels(d))).toList();
    }

    private static boolean isDefaultDeny(NetworkPolicy p) {
        return p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty()
                && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"));
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyWorkloadIsDeniedByDefaultAndSelectedByItsOwnPolicy(Chart.Variant v) {
        for (Deployment d : Chart.all(v, Deployment.class)) {
            List<NetworkPolicy> policies = selecting(v, d);
            assertTrue(policies.stream().anyMatch(NetworkPolicyTest::isDefaultDeny), d.getMetadata().getName() + " is not denied by default");
            assertTrue(policies.stream().anyMatch(p -> !isDefaultDeny(p)), d.getMetadata().getName() + " has no allow-list policy");
            for (NetworkPolicy p : policies) {
                assertTrue(p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress")), p.getMetadata().getName());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void onlyTheGatewayIsReachableFromOutsideAndEachServiceOnlyFromItsCallers(Chart.Variant v) {
        List<Deployment> deployments = Chart.all(v, Deployment.class);
        for (Deployment d : deployments) {
            String service = Workloads.serviceOf(d);
            Set<String> callers = new TreeSet<>();
            Set<String> namespaces = new TreeSet<>();
            for (NetworkPolicy p : selecting(v, d)) {
                for (NetworkPolicyIngressRule rule : p.getSpec().getIngress()) {
                    assertFalse(rule.getFrom().isEmpty(), p.getMetadata().getName() + " admits every source");
                    assertFalse(rule.getPorts().isEmpty(), p.getMetadata().getName() + " admits every port");
                    for (NetworkPolicyPeer peer : rule.getFrom()) {
                        assertEquals(null, peer.getIpBlock(), "no address range may reach " + service);
                        if (peer.getNamespaceSelector() != null) {
                            assertEquals(null, peer.getPodSelector(), "namespace peers are whole namespaces here");
                            String namespace = peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name");
                            namespaces.add(namespace);
                            Set<Integer> admitted = rule.getPorts().stream().map(NetworkPolicyPort::getPort)
                                    .map(IntOrString::getIntVal).collect(Collectors.toSet());
                            // Prometheus reaches the management port only; the ingress controller the API port only
                            assertEquals(Set.of(namespace.equals("monitoring") ? 9000 : 8080), admitted,
                                    namespace + " reaches " + service + " on " + admitted);
                        } else {
                            deployments.stream().filter(other -> Workloads.selects(peer.getPodSelector(), Workloads.podLabels(other)))
                                    .map(Workloads::serviceOf).forEach(callers::add);
                        }
                    }
                }
            }
            assertEquals(new TreeSet<>(CALLERS.get(service)), callers, "who may call " + service);
            Set<String> expectedNamespaces = service.equals("gateway") ? Set.of("monitoring", "ingress-nginx") : Set.of("monitoring");
            assertEquals(new TreeSet<>(expectedNamespaces), namespaces, "namespaces that reach " + service);
        }
    }

    private static List<NetworkPolicyEgressRule> egress(Chart.Variant v, Deployment d) {
        return selecting(v, d).stream().flatMap(p -> p.getSpec().getEgress().stream()).toList();
    }

    private static Set<Integer> ports(NetworkPolicyEgressRule rule) {
        return rule.getPorts().stream().map(NetworkPolicyPort::getPort).map(IntOrString::getIntVal).collect(Collectors.toSet());
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyServiceReachesDnsKafkaAndItsDatabase(Chart.Variant v) {
        for (Deployment d : Chart.all(v, Deployment.class)) {
            String service = Workloads.serviceOf(d);
            List<NetworkPolicyEgressRule> rules = egress(v, d);
            assertTrue(rules.stream().anyMatch(r -> ports(r).equals(Set.of(53))), service + " cannot resolve names");
            assertTrue(rules.stream().anyMatch(r -> ports(r).contains(9092) && r.getTo().stream().allMatch(peer -> v.external()
                    ? peer.getIpBlock() != null
                    : Objects.equals(Chart.RELEASE + "-kafka", peer.getPodSelector().getMatchLabels().get("strimzi.io/cluster")))),
                    service + " cannot reach Kafka");
            boolean database = rules.stream().anyMatch(r -> ports(r).contains(5432));
            assertEquals(Sources.ownsData(service), database, service + " and PostgreSQL");
        }
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void onlyTheWebhookDispatcherReachesTheInternetAndNeverAPrivateRange(Chart.Variant v) {
        for (Deployment d : Chart.all(v, Deployment.class)) {
            String service = Workloads.serviceOf(d);
            for (NetworkPolicyEgressRule rule : egress(v, d)) {
                assertFalse(rule.getTo().isEmpty(), service + " may send anywhere");
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    IPBlock block = peer.getIpBlock();
                    if (block == null) {
                        continue;
                    }
                    if (service.equals("webhook-dispatcher") && rule.getPorts().isEmpty()) {
                        if (block.getCidr().equals("0.0.0.0/0")) {
                            assertTrue(block.getExcept().containsAll(PRIVATE_RANGES), "webhooks may reach " + block.getExcept());
                        } else {
                            assertEquals("::/0", block.getCidr());
                            assertTrue(block.getExcept().containsAll(Set.of("fc00::/7", "fe80::/10", "::1/128")));
                        }
                    } else {
                        // outside addresses only to one named port: SMTP for campaigns, the model endpoint for chat,
                        // the managed Kafka / PostgreSQL
                        assertFalse(rule.getPorts().isEmpty(), service + " may reach " + block.getCidr() + " on any port");
                    }
                }
            }
        }
        Deployment campaigns = Workloads.deployment(v, "campaigns-service");
        int smtpPort = Integer.parseInt(Workloads.environment(v, campaigns).get("SMTP_PORT"));
        assertTrue(egress(v, campaigns).stream().anyMatch(r -> ports(r).equals(Set.of(smtpPort)) && r.getTo().get(0).getIpBlock() != null),
                "campaigns-service cannot reach its SMTP relay");
        Deployment chat = Workloads.deployment(v, "chat-service");
        assertTrue(egress(v, chat).stream().anyMatch(r -> ports(r).equals(Set.of(443)) && r.getTo().get(0).getIpBlock() != null),
                "chat-service cannot reach the model endpoint");
    }

    @ParameterizedTest
    @EnumSource(value = Chart.Variant.class, names = {"DEV", "PROD"})
    void postgresAcceptsOnlyTheDataServicesTheOperatorAndItself(Chart.Variant v) {
        NetworkPolicy pg = Chart.all(v, NetworkPolicy.class).stream()
                .filter(p -> Objects.equals(Chart.RELEASE + "-pg", p.getSpec().getPodSelector().getMatchLabels().get("cnpg.io/cluster")))
                .findFirst().orElseThrow(() -> new AssertionError("no NetworkPolicy for the PostgreSQL instances"));
        Set<String> clients = new TreeSet<>();
        for (NetworkPolicyIngressRule rule : pg.getSpec().getIngress()) {
            for (NetworkPolicyPeer peer : rule.getFrom()) {
                Chart.all(v, Deployment.class).stream().filter(d -> peer.getPodSelector() != null && peer.getNamespaceSelector() == null
                        && Workloads.selects(peer.getPodSelector(), Workloads.podLabels(d))).map(Workloads::serviceOf).forEach(clients::add);
            }
        }
        assertEquals(Sources.SERVICES.stream().filter(Sources::ownsData).collect(Collectors.toCollection(TreeSet::new)), clients);
    }
}
