package com.outreachpilot.system;

import com.outreachpilot.platform.testing.TestInfrastructure;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged services, each in its own JVM as in production, against the test JVM's PostgreSQL and Kafka.
 * Started once for all system tests; stopped when JUnit is done.
 */
final class Stack {

    static final String ADMIN_TOKEN = "system-test-admin-token-" + System.nanoTime();
    static final List<String> SERVICES = List.of("billing-service", "contacts-service", "campaigns-service",
            "chat-service", "webhook-dispatcher", "gateway");

    private static final Map<String, Integer> PORTS = new LinkedHashMap<>();
    private static final Map<String, Process> PROCESSES = new HashMap<>();
    private static boolean started;

    private Stack() {
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        TestInfrastructure.start();
        FakeModel.start();
        try {
            for (String service : SERVICES) {
                PORTS.put(service, freePort());
            }
            for (String service : SERVICES) {
                launch(service);
            }
            for (String service : SERVICES) {
                awaitReady(service, Duration.ofSeconds(120));
            }
        } catch (Exception e) {
            stop();
            throw new IllegalStateException("Cannot start the services", e);
        }
        TestInfrastructure.beforeStop(Stack::stop);
        started = true;
    }

    static String gatewayUrl() {
        return "http://localhost:" + PORTS.get("gateway");
    }

    static int port(String service) {
        return PORTS.get(service);
    }

    /** Stops one service (to test what callers see when it is down). */
    static synchronized void kill(String service) throws InterruptedException {
        Process process = PROCESSES.remove(service);
        if (process != null) {
            process.destroy();
            process.waitFor();
        }
    }

    /** Ends a service at once, as a crash or an OOM kill would (no shutdown hooks). */
    static synchronized void crash(String service) throws InterruptedException {
        Process process = PROCESSES.remove(service);
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
        }
    }

    /** Starts a service that was stopped or crashed, and waits until it is ready. */
    static synchronized void start(String service) throws Exception {
        launch(service);
        awaitReady(service, Duration.ofSeconds(120));
    }

    static synchronized void restart(String service) throws Exception {
        kill(service);
        launch(service);
        awaitReady(service, Duration.ofSeconds(120));
    }

    private static void launch(String service) throws IOException {
        Path jar = Path.of("..", service, "target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        Path log = Path.of("target", "system-logs", service + ".log");
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("HTTP_PORT", String.valueOf(PORTS.get(service)));
        env.put("POSTGRES_HOST", "localhost");
        env.put("POSTGRES_PORT", String.valueOf(TestInfrastructure.postgresPort()));
        env.put("POSTGRES_DB", TestInfrastructure.DATABASE);
        env.put("POSTGRES_USER", TestInfrastructure.USER);
        env.put("POSTGRES_PASSWORD", "unused");
        env.put("POSTGRES_POOL_SIZE", "8");
        env.put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.kafkaBootstrapServers());
        env.put("OP_JWT_PUBLIC_KEY", TestInfrastructure.publicKeyFile().toString());
        env.put("OP_JWT_PRIVATE_KEY", TestInfrastructure.privateKeyFile().toString());
        env.put("OP_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("CAMPAIGNS_TRACKING_SECRET", "system-test-tracking-secret-" + ADMIN_TOKEN);
        env.put("PUBLIC_URL", "http://localhost:" + PORTS.get("gateway"));
        env.put("BILLING_URL", "http://localhost:" + PORTS.get("billing-service"));
        env.put("CONTACTS_URL", "http://localhost:" + PORTS.get("contacts-service"));
        env.put("CAMPAIGNS_URL", "http://localhost:" + PORTS.get("campaigns-service"));
        env.put("CHAT_URL", "http://localhost:" + PORTS.get("chat-service"));
        env.put("WEBHOOKS_URL", "http://localhost:" + PORTS.get("webhook-dispatcher"));
        // a small bucket for the scale plan so the rate limit can be observed; pro keeps its default
        env.put("RATE_LIMIT_SCALE_PER_SECOND", "0.1");
        env.put("RATE_LIMIT_SCALE_BURST", "3");
        // the auth matrix refuses hundreds of wrong keys from one address on purpose; the gateway module's tests
        // check the per-address throttle of failed authentications
        env.put("OP_GATEWAY_FAILED_AUTH_BURST", "100000");
        // webhooks to a receiver in the test JVM, retried quickly, and reclaimed soon after a dispatcher dies
        // the chat agent's model: a scripted OpenAI-compatible endpoint (FakeModel)
        env.put("OPENAI_BASE_URL", FakeModel.baseUrl());
        env.put("OPENAI_API_KEY", "sk-system-test");
        env.put("OPENAI_MODEL", FakeModel.DEFAULT_MODEL);
        env.put("OPENAI_PREMIUM_MODEL", FakeModel.PREMIUM_MODEL);
        env.put("OPENAI_TIMEOUT", "12s");
        env.put("CHAT_MAX_TOOL_ROUNDS", "3");
        // internal tokens live 4 s (reused 3 s): a chat whose model thinks longer needs the long-running route's token
        env.put("GATEWAY_TOKEN_LIFETIME", "4s");
        env.put("WEBHOOK_ALLOWED_CIDRS", "127.0.0.0/8,::1/128");
        env.put("WEBHOOK_REQUIRE_HTTPS", "false");
        env.put("WEBHOOK_RETRY_SCHEDULE", "0s,1s,1s,2s,2s");
        env.put("WEBHOOK_TIMEOUT", "3s");
        env.put("WEBHOOK_LEASE_MARGIN", "2s");
        PROCESSES.put(service, builder.start());
    }

    private static void awaitReady(String service, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI ready = URI.create("http://localhost:" + PORTS.get(service) + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            Process process = PROCESSES.get(service);
            if (process == null || !process.isAlive()) {
                throw new IllegalStateException(service + " exited; see system-tests/target/system-logs/" + service + ".log");
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
            Thread.sleep(250);
        }
        throw new IllegalStateException(service + " not ready within " + timeout);
    }

    private static synchronized void stop() {
        for (Process process : PROCESSES.values()) {
            process.destroy();
        }
        for (Process process : PROCESSES.values()) {
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        PROCESSES.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
