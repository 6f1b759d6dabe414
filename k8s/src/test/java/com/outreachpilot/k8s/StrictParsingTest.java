package com.outreachpilot.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The strict parsing the chart's validation relies on does reject what Kubernetes would silently drop. */
class StrictParsingTest {

    private static Chart.Manifest first(String kind) {
        return Chart.ofKind(Chart.Variant.PROD, kind).get(0);
    }

    @Test
    void aRenderedDeploymentParses() {
        Chart.Manifest d = first("Deployment");
        assertDoesNotThrow(() -> StrictParser.parse(d.apiVersion(), d.kind(), d.yaml()));
    }

    @Test
    void aMisspeltFieldDeepInADeploymentFails() {
        Chart.Manifest d = first("Deployment");
        String misspelt = d.yaml().replace("readinessProbe:", "readinesProbe:");
        assertTrue(!misspelt.equals(d.yaml()));
        var e = assertThrows(UnrecognizedPropertyException.class,
                () -> StrictParser.parse(d.apiVersion(), d.kind(), misspelt));
        assertTrue(e.getMessage().contains("readinesProbe"), e.getMessage());
    }

    @Test
    void aMisspeltSecurityContextFieldFails() {
        Chart.Manifest d = first("Deployment");
        String misspelt = d.yaml().replace("readOnlyRootFilesystem:", "readOnlyRootFileSystem:");
        assertThrows(UnrecognizedPropertyException.class, () -> StrictParser.parse(d.apiVersion(), d.kind(), misspelt));
    }

    @Test
    void aMisspeltFieldInAnInlineNetworkPolicyFails() {
        Chart.Manifest n = first("NetworkPolicy");
        String misspelt = n.yaml().replace("policyTypes:", "policyType:");
        assertThrows(UnrecognizedPropertyException.class, () -> StrictParser.parse(n.apiVersion(), n.kind(), misspelt));
    }

    @Test
    void aMisspeltFieldInAStrimziTopicFails() {
        Chart.Manifest t = first("KafkaTopic");
        assertDoesNotThrow(() -> StrictParser.parse(t.apiVersion(), t.kind(), t.yaml()));
        String misspelt = t.yaml().replace("partitions:", "partition:");
        assertThrows(UnrecognizedPropertyException.class, () -> StrictParser.parse(t.apiVersion(), t.kind(), misspelt));
    }

    @Test
    void aMisspeltFieldInAStrimziKafkaFails() {
        Chart.Manifest k = first("Kafka");
        assertDoesNotThrow(() -> StrictParser.parse(k.apiVersion(), k.kind(), k.yaml()));
        String misspelt = k.yaml().replace("listeners:", "listener:");
        assertThrows(UnrecognizedPropertyException.class, () -> StrictParser.parse(k.apiVersion(), k.kind(), misspelt));
    }

    @Test
    void aKeyGivenTwiceFails() {
        String yaml = """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: twice
                  name: again
                automountServiceAccountToken: false
                """;
        var e = assertThrows(JsonProcessingException.class, () -> StrictParser.parse("v1", "ServiceAccount", yaml));
        assertTrue(e.getMessage().contains("Duplicate field 'name'"), e.getMessage());
    }
}
