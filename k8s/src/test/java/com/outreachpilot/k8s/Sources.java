package com.outreachpilot.k8s;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the services need, read from their sources at test time (so the chart is checked against the code as it is,
 * not against a list someone has to keep up to date): the environment variables their configuration reads, their
 * database schemas, the Kafka topics.
 */
final class Sources {

    /** The service modules, by directory, as the chart names their objects. */
    static final List<String> SERVICES = List.of("gateway", "billing-service", "contacts-service",
            "campaigns-service", "chat-service", "webhook-dispatcher");

    /**
     * Variables a service needs in production that its code does not read yet (README, "Configuration": chat-service
     * calls an OpenAI-compatible endpoint; its model client lands with the service), so the chart provides them now.
     */
    static final Map<String, Set<String>> DOCUMENTED = Map.of(
            "chat-service", Set.of("OPENAI_BASE_URL", "OPENAI_API_KEY", "KAFKA_BOOTSTRAP_SERVERS"));

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(?::([^}]*))?}");
    /** A credential's default can only be a development one (POSTGRES_PASSWORD=outreachpilot): always required. */
    private static final Pattern CREDENTIAL = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|API_KEY|PRIVATE_KEY|_USER)$");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");

    private Sources() {
    }

    static Path module(String name) {
        return Chart.repo().resolve(name);
    }

    static boolean ownsData(String service) {
        return read(module(service).resolve("pom.xml")).contains("<artifactId>platform-data</artifactId>");
    }

    /**
     * The configuration files a service runs with: its application.properties, then the shared defaults of the
     * platform library and, for data services, of platform-data.
     */
    static List<Path> configFiles(String service) {
        List<Path> files = new ArrayList<>();
        files.add(module(service).resolve("src/main/resources/application.properties"));
        files.add(module("platform").resolve("src/main/resources/META-INF/microprofile-config.properties"));
        if (ownsData(service)) {
            files.add(module("platform-data").resolve("src/main/resources/META-INF/microprofile-config.properties"));
        }
        return files;
    }

    /** Properties in effect in production: unprefixed ones and %prod ones (%dev and %test dropped). */
    static Map<String, String> prodProperties(String service) {
        Map<String, String> props = new LinkedHashMap<>();
        List<Path> files = configFiles(service);
        // the shared defaults first: a service's own file overrides them
        for (int i = files.size() - 1; i >= 0; i--) {
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(files.get(i))) {
                p.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            p.stringPropertyNames().stream().filter(k -> !k.startsWith("%")).forEach(k -> props.put(k, p.getProperty(k)));
            p.stringPropertyNames().stream().filter(k -> k.startsWith("%prod.")).forEach(k -> props.put(k.substring(6), p.getProperty(k)));
        }
        return props;
    }

    /**
     * Environment variables a service must be given in production: every {@code ${VAR}} its production properties
     * reference without a default, with an empty default (secrets, keys: "none" is not a working value), or with a
     * default that points at the developer's machine (localhost, 127.0.0.1: right under ./dev/up, wrong in a pod), a
     * default marked dev-only, or any default at all for a credential (passwords, secrets, tokens, keys, users).
     */
    static Set<String> requiredEnvironment(String service) {
        Set<String> required = new TreeSet<>(DOCUMENTED.getOrDefault(service, Set.of()));
        for (String value : prodProperties(service).values()) {
            Matcher m = REFERENCE.matcher(value);
            while (m.find()) {
                String name = m.group(1);
                String fallback = m.group(2);
                if (!ENV_NAME.matcher(name).matches()) {
                    continue; // a reference to another property (${platform.db.schema}), resolved in the service
                }
                if (fallback == null || fallback.isBlank() || fallback.contains("localhost") || fallback.contains("127.0.0.1")
                        || fallback.contains("dev-only") || CREDENTIAL.matcher(name).matches()) {
                    required.add(name);
                }
            }
        }
        return required;
    }

    /**
     * Properties of the service's {@code @ConfigMapping} interfaces (and platform-data's, for data services) that have
     * no {@code @WithDefault} and are not Optional: each must be set by a property file or by the environment.
     * Returned as property names (a Map member as its prefix followed by ".").
     */
    static Set<String> mandatoryMappingProperties(String service) {
        List<Path> sources = new ArrayList<>(configMappings(module(service)));
        if (ownsData(service)) {
            sources.addAll(configMappings(module("platform-data")));
        }
        Set<String> mandatory = new TreeSet<>();
        for (Path source : sources) {
            mandatory.addAll(mandatoryMembers(read(source)));
        }
        return mandatory;
    }

    private static List<Path> configMappings(Path module) {
        Path java = module.resolve("src/main/java");
        if (!Files.isDirectory(java)) {
            return List.of(); // a service whose code has not landed yet
        }
        try (Stream<Path> files = Files.walk(java)) {
            return files.filter(p -> p.toString().endsWith(".java")).filter(p -> read(p).contains("@ConfigMapping")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Pattern MAPPING_PREFIX = Pattern.compile("@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)");
    private static final Pattern MEMBER = Pattern.compile("^\\s*([\\w.<>, ?]+?)\\s+(\\w+)\\(\\)\\s*;");

    /** A small reader of @ConfigMapping interfaces: members, their defaults, nested groups (interfaces in the file). */
    static Set<String> mandatoryMembers(String java) {
        Matcher prefixMatcher = MAPPING_PREFIX.matcher(java);
        if (!prefixMatcher.find()) {
            return Set.of();
        }
        String prefix = prefixMatcher.group(1);
        // members per interface, and which member returns which group
        Map<String, List<String[]>> members = new LinkedHashMap<>();
        Deque<String> open = new ArrayDeque<>();
        Deque<Integer> openDepth = new ArrayDeque<>();
        int depth = 0;
        boolean hasDefault = false;
        String root = null;
        for (String line : java.split("\n")) {
            String trimmed = line.trim();
            if (trimmed.startsWith("*") || trimmed.startsWith("/*") || trimmed.startsWith("//")) {
                continue;
            }
            Matcher iface = INTERFACE.matcher(line);
            if (iface.find() && line.contains("{")) {
                open.push(iface.group(1));
                openDepth.push(depth);
                members.put(iface.group(1), new ArrayList<>());
                if (root == null) {
                    root = iface.group(1);
                }
            }
            if (trimmed.startsWith("@WithDefault")) {
                hasDefault = true;
            }
            Matcher member = MEMBER.matcher(line);
            if (member.find() && !open.isEmpty()) {
                members.get(open.peek()).add(new String[]{member.group(1), member.group(2), String.valueOf(hasDefault)});
                hasDefault = false;
            }
            for (char c : line.toCharArray()) {
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    depth--;
                    if (!openDepth.isEmpty() && depth == openDepth.peek()) {
                        open.pop();
                        openDepth.pop();
                    }
                }
            }
        }
        Set<String> out = new TreeSet<>();
        collect(members, root, prefix, out);
        return out;
    }

    private static void collect(Map<String, List<String[]>> members, String iface, String prefix, Set<String> out) {
        for (String[] m : members.getOrDefault(iface, List.of())) {
            String type = m[0];
            String name = prefix + "." + kebab(m[1]);
            boolean hasDefault = Boolean.parseBoolean(m[2]);
            if (hasDefault || type.startsWith("Optional") || type.startsWith("java.util.Optional")) {
                continue;
            }
            if (members.containsKey(type)) {
                collect(members, type, name, out); // a group: its own members
            } else if (type.startsWith("Map<") || type.startsWith("java.util.Map<")) {
                out.add(name + ".");
            } else {
                out.add(name);
            }
        }
    }

    static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    /** How Quarkus maps a property name to an environment variable. */
    static String envName(String property) {
        return property.toUpperCase().replaceAll("[^A-Z0-9]", "_");
    }

    /** The schema a data service migrates and uses (platform.db.schema in its application.properties). */
    static String schema(String service) {
        return prodProperties(service).get("platform.db.schema");
    }

    /** The topics: one per owning domain of the platform's event catalogue ("<domain>.events"). */
    static Set<String> topics() {
        String source = read(module("platform").resolve("src/main/java/com/outreachpilot/platform/events/EventType.java"));
        Matcher domains = Pattern.compile("enum\\s+Domain\\s*\\{\\s*([A-Z_,\\s]+);").matcher(source);
        if (!domains.find()) {
            throw new IllegalStateException("EventType.Domain not found");
        }
        if (!source.contains("name().toLowerCase() + \".events\"")) {
            throw new IllegalStateException("EventType.Domain.topic() no longer names topics <domain>.events");
        }
        Set<String> topics = new TreeSet<>();
        for (String domain : domains.group(1).split(",")) {
            if (!domain.isBlank()) {
                topics.add(domain.trim().toLowerCase() + ".events");
            }
        }
        return topics;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
