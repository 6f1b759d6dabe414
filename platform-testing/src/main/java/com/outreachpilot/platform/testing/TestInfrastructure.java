package com.outreachpilot.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;

/**
 * The real infrastructure behind a test JVM, started once and shared by every test class of a module:
 * an embedded PostgreSQL (real server binaries from a jar, no Docker), an in-JVM single-node KRaft Kafka
 * broker, and a freshly generated RS256 key pair for internal tokens (nothing secret is committed).
 *
 * <p>Everything is published through system properties so code loaded by other class loaders (Quarkus'
 * test class loader) finds the same instances.
 */
public final class TestInfrastructure {

    static final String PG_PORT = "op.test.postgres.port";
    static final String KAFKA_BOOTSTRAP = "op.test.kafka.bootstrap";
    static final String PUBLIC_KEY = "op.test.jwt.public-key";
    static final String PRIVATE_KEY = "op.test.jwt.private-key";
    public static final String DATABASE = "outreachpilot";
    public static final String USER = "postgres";

    private static EmbeddedPostgres postgres;
    private static KafkaClusterTestKit kafka;

    private TestInfrastructure() {
    }

    public static synchronized void start() {
        if (System.getProperty(PG_PORT) != null) {
            return;
        }
        long began = System.nanoTime();
        quietBrokerLogs();
        // An embedded broker must never end the test JVM: Kafka calls exit/halt on faults it deems fatal,
        // and a JVM ended that way makes the whole test run fail even when every test passed.
        org.apache.kafka.common.utils.Exit.setExitProcedure((code, message) ->
                System.err.println("Embedded Kafka asked to exit(" + code + "): " + message));
        org.apache.kafka.common.utils.Exit.setHaltProcedure((code, message) ->
                System.err.println("Embedded Kafka asked to halt(" + code + "): " + message));
        try {
            Path keys = Files.createTempDirectory("op-test-keys");
            writeKeyPair(keys);
            postgres = EmbeddedPostgres.builder()
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "300")
                    .start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("create database " + DATABASE);
            }
            kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "true")
                    .setConfigProp("num.partitions", "3")
                    .build();
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            System.setProperty(KAFKA_BOOTSTRAP, kafka.bootstrapServers());
            System.setProperty(PG_PORT, String.valueOf(postgres.getPort()));
            System.out.printf("Test infrastructure: PostgreSQL on %d, Kafka on %s, ready in %d ms%n",
                    postgres.getPort(), kafka.bootstrapServers(), (System.nanoTime() - began) / 1_000_000);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start test infrastructure", e);
        }
    }

    private static final java.util.List<Runnable> BEFORE_STOP = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Runs {@code action} when the tests are done, before the database and broker stop (e.g. stop processes using them). */
    public static void beforeStop(Runnable action) {
        BEFORE_STOP.add(action);
    }

    /** Stops everything this JVM started; never throws (it runs as the test run ends). */
    static synchronized void stop() {
        for (Runnable action : BEFORE_STOP) {
            try {
                action.run();
            } catch (Throwable ignored) {
                // stopping anyway
            }
        }
        BEFORE_STOP.clear();
        close("Kafka", kafka);
        close("PostgreSQL", postgres);
        kafka = null;
        postgres = null;
    }

    private static void close(String what, AutoCloseable resource) {
        if (resource == null) {
            return;
        }
        try {
            resource.close();
        } catch (Throwable e) {
            System.err.println("Test infrastructure: " + what + " did not close cleanly: " + e);
        }
    }

    /**
     * Stops the Kafka broker (its KRaft controller keeps running) until {@link #kafkaUp()}: producers and consumers
     * see a broker that is gone. The broker keeps its port, so clients find it again at the same address.
     */
    public static synchronized void kafkaDown() {
        for (var broker : kafka.brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
        }
    }

    public static synchronized void kafkaUp() {
        try {
            for (var broker : kafka.brokers().values()) {
                broker.startup();
            }
            kafka.waitForReadyBrokers();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the Kafka broker again", e);
        }
    }

    /**
     * Stops the PostgreSQL server ({@code pg_ctl stop -m fast}: every connection is closed, as a crash or a failover
     * does to clients) until {@link #postgresUp()}, which starts it again on the same port and data directory.
     */
    public static synchronized void postgresDown() {
        try {
            if (postgresServer == null) {
                postgresServer = PostgresServer.of(postgres.getPostgresDatabase());
            }
            postgresServer.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop PostgreSQL", e);
        }
    }

    public static synchronized void postgresUp() {
        try {
            postgresServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start PostgreSQL again", e);
        }
    }

    private static PostgresServer postgresServer;

    /** The running server's binaries, data directory and command line, as the server itself reports them. */
    private record PostgresServer(Path pgCtl, Path dataDirectory, String options) {

        static PostgresServer of(javax.sql.DataSource database) throws Exception {
            Path data;
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("show data_directory")) {
                rows.next();
                data = Path.of(rows.getString(1));
            }
            // postmaster.opts: the server binary then its quoted arguments, e.g. /x/bin/postgres "-D" "/d" "-p" "5432"
            String commandLine = Files.readString(data.resolve("postmaster.opts")).strip();
            int firstArgument = commandLine.indexOf(" \"");
            Path binary = Path.of(commandLine.substring(0, firstArgument));
            return new PostgresServer(binary.resolveSibling("pg_ctl"), data, commandLine.substring(firstArgument + 1));
        }

        void stop() throws Exception {
            run("-D", dataDirectory.toString(), "-m", "fast", "-w", "stop");
        }

        void start() throws Exception {
            run("-D", dataDirectory.toString(), "-o", options, "-l", dataDirectory.resolveSibling(
                    dataDirectory.getFileName() + "-restarted.log").toString(), "-w", "start");
        }

        private void run(String... arguments) throws Exception {
            java.util.List<String> command = new java.util.ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                // PostgreSQL refuses to run as root; like the embedded server itself, run in a user namespace
                command.addAll(java.util.List.of("unshare", "-U"));
            }
            command.add(pgCtl.toString());
            command.addAll(java.util.List.of(arguments));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }
    }

    /** Broker and database internals log at INFO by the hundred lines; tests only need their warnings. */
    static final String[] NOISY_LOGGERS = {"kafka", "org.apache.kafka", "state.change.logger", "io.zonky"};

    private static void quietBrokerLogs() {
        for (String name : NOISY_LOGGERS) {
            java.util.logging.Logger.getLogger(name).setLevel(java.util.logging.Level.WARNING);
        }
    }

    public static int postgresPort() {
        return Integer.parseInt(required(PG_PORT));
    }

    public static String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgresPort() + "/" + DATABASE + "?user=" + USER;
    }

    public static String kafkaBootstrapServers() {
        return required(KAFKA_BOOTSTRAP);
    }

    public static Path publicKeyFile() {
        return Path.of(required(PUBLIC_KEY));
    }

    public static Path privateKeyFile() {
        return Path.of(required(PRIVATE_KEY));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("Test infrastructure not started (" + property + ")");
        }
        return value;
    }

    private static void writeKeyPair(Path dir) throws IOException, NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path publicKey = dir.resolve("internal-jwt.pub.pem");
        Path privateKey = dir.resolve("internal-jwt.pem");
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        System.setProperty(PUBLIC_KEY, publicKey.toString());
        System.setProperty(PRIVATE_KEY, privateKey.toString());
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
