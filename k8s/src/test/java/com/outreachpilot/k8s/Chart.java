package com.outreachpilot.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The chart in this module's directory, rendered with helm-java (Helm bundled, nothing installed). */
final class Chart {

    static final String RELEASE = "op";
    static final String NAMESPACE = "outreachpilot";

    /** The values combinations users install: dev, prod, and prod with managed Kafka and PostgreSQL. */
    enum Variant {
        DEV("values-dev.yaml"),
        PROD("values-prod.yaml"),
        PROD_EXTERNAL("values-prod.yaml", "values-prod-external.yaml");

        final List<String> valuesFiles;

        Variant(String... valuesFiles) {
            this.valuesFiles = List.of(valuesFiles);
        }

        boolean prod() {
            return this != DEV;
        }

        boolean external() {
            return this == PROD_EXTERNAL;
        }
    }

    /** One rendered object: its source text, its generic tree, and its typed model when it has one. */
    record Manifest(String apiVersion, String kind, String name, String yaml, JsonNode tree, Object model) {
    }

    private static final Map<Variant, List<Manifest>> RENDERED = new ConcurrentHashMap<>();
    private static final ObjectMapper YAML = new YAMLMapper();

    private Chart() {
    }

    /** The module directory (Maven runs tests there; basedir when run otherwise). */
    static Path dir() {
        Path base = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        if (Files.exists(base.resolve("Chart.yaml"))) {
            return base;
        }
        Path k8s = base.resolve("k8s");
        if (Files.exists(k8s.resolve("Chart.yaml"))) {
            return k8s;
        }
        throw new IllegalStateException("Chart.yaml not found from " + base);
    }

    /** The repository root (the Maven parent), where the services' sources are. */
    static Path repo() {
        return dir().getParent();
    }

    static String renderText(Variant variant) {
        var template = new Helm(dir()).template().withName(RELEASE).withNamespace(NAMESPACE);
        for (String file : variant.valuesFiles) {
            template = template.withValuesFile(dir().resolve(file));
        }
        return template.call();
    }

    /** Every object the chart renders with this variant, each parsed strictly (cached: rendering takes a second). */
    static List<Manifest> render(Variant variant) {
        return RENDERED.computeIfAbsent(variant, v -> {
            String text = renderText(v);
            try {
                // kept for whoever wants to read what was validated: target/rendered/<variant>.yaml
                Path out = dir().resolve("target/rendered");
                Files.createDirectories(out);
                Files.writeString(out.resolve(v.name().toLowerCase().replace('_', '-') + ".yaml"), text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return parseAll(text);
        });
    }

    static List<Manifest> parseAll(String rendered) {
        List<Manifest> manifests = new ArrayList<>();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            JsonNode tree;
            try {
                tree = StrictParser.MAPPER.readTree(document);
            } catch (IOException e) {
                throw new AssertionError("Rendered YAML does not parse: " + e.getMessage() + "\n" + document, e);
            }
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                continue; // a template that rendered nothing
            }
            String apiVersion = tree.path("apiVersion").asText();
            String kind = tree.path("kind").asText();
            String name = tree.path("metadata").path("name").asText();
            if (apiVersion.isEmpty() || kind.isEmpty() || name.isEmpty()) {
                throw new AssertionError("Object without apiVersion, kind or metadata.name:\n" + document);
            }
            Object model = null;
            if (StrictParser.isModelled(apiVersion, kind)) {
                try {
                    model = StrictParser.parse(apiVersion, kind, document);
                } catch (Exception e) {
                    throw new AssertionError(kind + " " + name + " does not match the " + apiVersion
                            + " model: " + e.getMessage(), e);
                }
            }
            manifests.add(new Manifest(apiVersion, kind, name, document, tree, model));
        }
        return manifests;
    }

    static <T> List<T> all(Variant variant, Class<T> type) {
        return render(variant).stream().map(Manifest::model).filter(type::isInstance).map(type::cast).toList();
    }

    static List<Manifest> ofKind(Variant variant, String kind) {
        return render(variant).stream().filter(m -> m.kind().equals(kind)).toList();
    }

    /**
     * helm lint (strict) of the chart with a variant's values: helm-java's lint reads only values.yaml, so the
     * variant's files are merged over it (as helm install would) into a copy of the chart.
     */
    static LintResult lint(Variant variant) {
        try {
            Path copy = Files.createTempDirectory("outreachpilot-chart-");
            Path chart = copy.resolve("outreachpilot");
            Files.createDirectories(chart.resolve("templates"));
            Files.copy(dir().resolve("Chart.yaml"), chart.resolve("Chart.yaml"));
            Files.copy(dir().resolve(".helmignore"), chart.resolve(".helmignore"));
            try (var templates = Files.list(dir().resolve("templates"))) {
                for (Path t : templates.toList()) {
                    Files.copy(t, chart.resolve("templates").resolve(t.getFileName()));
                }
            }
            ObjectNode values = (ObjectNode) YAML.readTree(dir().resolve("values.yaml").toFile());
            for (String file : variant.valuesFiles) {
                merge(values, (ObjectNode) YAML.readTree(dir().resolve(file).toFile()));
            }
            YAML.writeValue(chart.resolve("values.yaml").toFile(), values);
            try {
                return new Helm(chart).lint().strict().call();
            } finally {
                delete(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Helm's values merge: maps merge key by key, anything else (lists included) replaces. */
    static void merge(ObjectNode into, ObjectNode from) {
        Iterator<Map.Entry<String, JsonNode>> fields = from.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            JsonNode existing = into.get(field.getKey());
            if (existing instanceof ObjectNode target && field.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                into.set(field.getKey(), field.getValue());
            }
        }
    }

    private static void delete(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
