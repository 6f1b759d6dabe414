package com.outreachpilot.k8s;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The chart lints cleanly and every object it renders is a valid object of its kind. */
class ChartValidityTest {

    /** Kinds checked structurally (no Java model here): CloudNativePG and the prometheus-operator. */
    private static final Set<String> STRUCTURAL = Set.of(
            "postgresql.cnpg.io/v1/Cluster", "postgresql.cnpg.io/v1/ScheduledBackup",
            "monitoring.coreos.com/v1/ServiceMonitor");

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void helmLintIsClean(Chart.Variant variant) {
        LintResult result = Chart.lint(variant);
        System.out.println("helm lint --strict (" + variant + "): " + String.join(" | ", result.getMessages()));
        assertFalse(result.isFailed(), () -> "helm lint --strict failed for " + variant + ":\n"
                + String.join("\n", result.getMessages()));
        List<String> problems = result.getMessages().stream()
                .filter(m -> m.contains("[ERROR]") || m.contains("[WARNING]")).toList();
        assertTrue(problems.isEmpty(), () -> "helm lint reported for " + variant + ":\n" + String.join("\n", problems));
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void everyObjectParsesStrictlyIntoItsModel(Chart.Variant variant) {
        // Chart.render parses every modelled object strictly and fails on the first that does not match its model
        List<Chart.Manifest> manifests = Chart.render(variant);
        assertFalse(manifests.isEmpty());
        for (Chart.Manifest m : manifests) {
            String key = m.apiVersion() + "/" + m.kind();
            if (!StrictParser.isModelled(m.apiVersion(), m.kind()) && !STRUCTURAL.contains(key)) {
                fail("The chart renders " + key + " (" + m.name() + "), which no test validates");
            }
            assertTrue(m.name().matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?") && m.name().length() <= 63,
                    () -> "not a valid object name: " + m.name());
            assertEquals(Chart.RELEASE, m.tree().path("metadata").path("labels").path("app.kubernetes.io/instance").asText(),
                    () -> m.kind() + " " + m.name() + " lacks the instance label");
        }
        Set<String> names = manifests.stream().map(m -> m.kind() + "/" + m.name()).collect(Collectors.toSet());
        assertEquals(manifests.size(), names.size(), "two objects of one kind share a name");
    }

    @ParameterizedTest
    @EnumSource(Chart.Variant.class)
    void noSecretIsCommitted(Chart.Variant variant) {
        assertTrue(Chart.ofKind(variant, "Secret").isEmpty(),
                "the chart must reference Secrets created beforehand, never render one");
    }
}
