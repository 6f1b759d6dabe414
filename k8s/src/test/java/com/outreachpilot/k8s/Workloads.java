package com.outreachpilot.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Helpers over the typed objects of one rendering. */
final class Workloads {

    private Workloads() {
    }

    static String serviceOf(Deployment d) {
        return d.getMetadata().getName().substring(Chart.RELEASE.length() + 1);
    }

    static Deployment deployment(Chart.Variant v, String service) {
        return Chart.all(v, Deployment.class).stream().filter(d -> serviceOf(d).equals(service)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment for " + service + " in " + v));
    }

    static Container container(Deployment d) {
        List<Container> containers = d.getSpec().getTemplate().getSpec().getContainers();
        if (containers.size() != 1) {
            throw new AssertionError(d.getMetadata().getName() + " should run one container");
        }
        return containers.get(0);
    }

    /** Every environment variable the container gets: env entries, then the keys of ConfigMaps it takes whole. */
    static Map<String, String> environment(Chart.Variant v, Deployment d) {
        Map<String, String> env = new LinkedHashMap<>();
        Container c = container(d);
        for (EnvFromSource from : c.getEnvFrom()) {
            if (from.getConfigMapRef() != null) {
                ConfigMap cm = Chart.all(v, ConfigMap.class).stream()
                        .filter(m -> m.getMetadata().getName().equals(from.getConfigMapRef().getName()))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(d.getMetadata().getName() + " takes ConfigMap "
                                + from.getConfigMapRef().getName() + ", which the chart does not render"));
                cm.getData().forEach((k, val) -> env.put(k, val));
            }
            if (from.getSecretRef() != null) {
                throw new AssertionError("take secrets key by key, not whole Secrets: " + d.getMetadata().getName());
            }
        }
        for (EnvVar e : c.getEnv()) {
            env.put(e.getName(), e.getValue() != null ? e.getValue()
                    : e.getValueFrom().getSecretKeyRef() != null
                    ? "secret:" + e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey()
                    : "ref");
        }
        return env;
    }

    static Map<String, String> podLabels(Deployment d) {
        return d.getSpec().getTemplate().getMetadata().getLabels();
    }

    /** Whether a label selector matches these labels (matchLabels and the In/NotIn/Exists/DoesNotExist operators). */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> match = Optional.ofNullable(selector.getMatchLabels()).orElse(Map.of());
        for (var e : match.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement r : Optional.ofNullable(selector.getMatchExpressions()).orElse(List.of())) {
            String value = labels.get(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && r.getValues().contains(value);
                case "NotIn" -> value == null || !r.getValues().contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new AssertionError("unknown operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
