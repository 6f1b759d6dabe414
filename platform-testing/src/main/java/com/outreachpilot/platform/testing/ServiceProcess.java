package com.outreachpilot.platform.testing;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One packaged service ({@code <module>/target/quarkus-app/quarkus-run.jar} of the same build) in its own JVM,
 * against the test JVM's PostgreSQL and Kafka, as it runs in production. A module whose service calls another
 * one tests against the real one this way, never a fake of it; system tests run the whole suite so.
 * The build must package the service first: depend on its module ({@code <type>pom</type>, test scope}).
 */
public final class ServiceProcess {

    private final String service;
    private final int port;
    private final int managementPort;
    private final Map<String, String> env;
    private final Path log;
    private Process process;

    private ServiceProcess(String service, int port, int managementPort, Map<String, String> env) {
        this.service = service;
        this.port = port;
        this.managementPort = managementPort;
        this.env = env;
        this.log = Path.of("target", "service-logs", service + ".log").toAbsolutePath();
    }

    /**
     * A service on a free port with the shared infrastructure's settings and the given extra environment (which
     * wins); call {@link #start()} to launch it.
     */
    public static ServiceProcess of(String service, Map<String, String> extraEnv) {
        return of(service, freePort(), extraEnv);
    }

    /** The same on a chosen port (when the services' addresses must be known before any starts). */
    public static ServiceProcess of(String service, int port, Map<String, String> extraEnv) {
        TestInfrastructure.start();
        Map<String, String> env = new LinkedHashMap<>();
        int managementPort = freePort();
        env.put("HTTP_PORT", String.valueOf(port));
        env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("POSTGRES_HOST", "localhost");
        env.put("POSTGRES_PORT", String.valueOf(TestInfrastructure.postgresPort()));
        env.put("POSTGRES_DB", TestInfrastructure.DATABASE);
        env.put("POSTGRES_USER", TestInfrastructure.USER);
        env.put("POSTGRES_PASSWORD", "unused");
        env.put("POSTGRES_POOL_SIZE", "8");
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.kafkaBootstrapServers());
        env.put("OP_JWT_PUBLIC_KEY", TestInfrastructure.publicKeyFile().toString());
        env.put("OP_JWT_PRIVATE_KEY", TestInfrastructure.privateKeyFile().toString());
        env.putAll(extraEnv);
        return new ServiceProcess(service, port, managementPort, env);
    }

    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    /** Where its health, metrics and the like are (the management interface, never the API port). */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public String name() {
        return service;
    }

    /** Whether this process was launched before (a restart adds to the log its first launch began). */
    private boolean launched;

    /** Launches the JVM (its output in {@code target/service-logs/<service>.log}, begun anew by the first launch). */
    public synchronized ServiceProcess start() {
        Path jar = Path.of("..", service, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package " + service + " first (./mvnw verify does)");
        }
        try {
            Files.createDirectories(log.getParent());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC", "-jar", jar.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(launched ? ProcessBuilder.Redirect.appendTo(log.toFile())
                            : ProcessBuilder.Redirect.to(log.toFile()));
            launched = true;
            builder.environment().putAll(env);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot launch " + service, e);
        }
        return this;
    }

    /** Waits until {@code /q/health/ready} answers 200 on its management port; fails at once if the process died. */
    public void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI ready = URI.create(managementUrl() + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            Process current = process;
            if (current == null || !current.isAlive()) {
                throw new IllegalStateException(service + " exited; see " + log);
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) ready.toURL().openConnection();
                connection.setConnectTimeout(500);
                connection.setReadTimeout(2_000);
                if (connection.getResponseCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for " + service, e);
            }
        }
        throw new IllegalStateException(service + " not ready within " + timeout + "; see " + log);
    }

    /**
     * The lines of its log that contain {@code needle} (a request id, say), each followed by up to {@code after} lines
     * (the stack trace logged with it): what a failing test prints so the cause is in the build's output.
     */
    public List<String> logLines(String needle, int after) {
        List<String> found = new java.util.ArrayList<>();
        if (!Files.exists(log)) {
            return found;
        }
        try {
            List<String> lines = Files.readAllLines(log, java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(needle)) {
                    for (int j = i; j < Math.min(lines.size(), i + 1 + after); j++) {
                        found.add(service + ": " + lines.get(j));
                    }
                }
            }
        } catch (IOException e) {
            found.add(service + ": log unreadable: " + e);
        }
        return found;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops it as an orchestrator would (SIGTERM: shutdown hooks run) and waits for the exit. */
    public synchronized void stop() {
        end(false);
    }

    /** Ends it at once, as a crash or an OOM kill would (no shutdown hooks). */
    public synchronized void crash() {
        end(true);
    }

    private void end(boolean forcibly) {
        Process current = process;
        process = null;
        if (current == null) {
            return;
        }
        if (forcibly) {
            current.destroyForcibly();
        } else {
            current.destroy();
        }
        try {
            current.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("No free port", e);
        }
    }
}
