package com.outreachpilot.localstack;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure of a local OutreachPilot stack, without Docker: a real PostgreSQL server (binaries
 * shipped in a jar), a real Apache Kafka broker in KRaft mode (a child JVM from Maven artifacts), and an SMTP
 * sink whose captured mail can be read over HTTP. Data lives under the given folder and survives restarts.
 *
 * <pre>
 *   local-stack init &lt;dir&gt;     generate the local secrets once (token key pair, admin token)
 *   local-stack run  &lt;dir&gt; [--no-postgres] [--no-kafka] [--no-smtp]
 * </pre>
 */
public final class LocalStack {

    static final int POSTGRES_PORT = intEnv("LOCAL_POSTGRES_PORT", 15432);
    static final int KAFKA_PORT = intEnv("LOCAL_KAFKA_PORT", 19092);
    static final int KAFKA_CONTROLLER_PORT = intEnv("LOCAL_KAFKA_CONTROLLER_PORT", 19093);
    static final int SMTP_PORT = intEnv("LOCAL_SMTP_PORT", 2525);
    static final int MAIL_HTTP_PORT = intEnv("LOCAL_MAIL_HTTP_PORT", 8025);
    static final String DATABASE = "outreachpilot";
    static final String DB_USER = "outreachpilot";

    private final Path dir;
    private EmbeddedPostgres postgres;
    private Process kafka;
    private GreenMail mail;
    private MailInbox inbox;

    private LocalStack(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: local-stack init|run <dir> [--no-postgres] [--no-kafka] [--no-smtp]");
            System.exit(2);
        }
        Path dir = Path.of(args[1]).toAbsolutePath();
        List<String> flags = List.of(args).subList(2, args.length);
        switch (args[0]) {
            case "init" -> initSecrets(dir);
            case "run" -> new LocalStack(dir).run(!flags.contains("--no-postgres"), !flags.contains("--no-kafka"),
                    !flags.contains("--no-smtp"));
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    /** Writes the token key pair and admin token once; later runs keep them so issued tokens stay valid. */
    static void initSecrets(Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        Files.createDirectories(keys);
        Path privateKey = keys.resolve("internal-jwt.pem");
        if (!Files.exists(privateKey)) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(keys.resolve("internal-jwt.pub.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        }
        Path secrets = dir.resolve("secrets.env");
        if (!Files.exists(secrets)) {
            byte[] token = new byte[32];
            new SecureRandom().nextBytes(token);
            Files.writeString(secrets, "OP_ADMIN_TOKEN=opadm_"
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(token) + "\n");
        }
        for (Path secret : List.of(privateKey, secrets)) {
            secret.toFile().setReadable(false, false);
            secret.toFile().setReadable(true, true);
        }
    }

    private void run(boolean withPostgres, boolean withKafka, boolean withSmtp) throws Exception {
        Path run = dir.resolve("run");
        Files.createDirectories(run);
        Files.deleteIfExists(run.resolve("infra.ready"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop();
            stopped.countDown();
        }, "local-stack-stop"));
        try {
            if (withPostgres) {
                startPostgres();
            }
            if (withKafka) {
                startKafka();
            }
            if (withSmtp) {
                startMail();
            }
        } catch (Exception e) {
            System.err.println("local-stack: failed to start: " + e);
            e.printStackTrace();
            System.exit(1);
        }
        Files.writeString(run.resolve("infra.ready"), "ready\n");
        System.out.println("local-stack: ready");
        stopped.await();
    }

    private void startPostgres() throws Exception {
        Path data = dir.resolve("data/postgres");
        Files.createDirectories(data.getParent());
        requireFree(POSTGRES_PORT, "PostgreSQL");
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(data)
                .setCleanDataDirectory(false)
                .setPort(POSTGRES_PORT)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                // the default 128 MB holds little more than one large organization's contact indexes
                .setServerConfig("shared_buffers", "256MB")
                // per-statement costs for whoever tunes a query (create extension pg_stat_statements to read them)
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setRegisterShutdownHook(false)
                .start();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            try (ResultSet role = statement.executeQuery("select 1 from pg_roles where rolname = '" + DB_USER + "'")) {
                if (!role.next()) {
                    statement.execute("create role " + DB_USER + " login password '" + DB_USER + "'");
                }
            }
            try (ResultSet db = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'")) {
                if (!db.next()) {
                    statement.execute("create database " + DATABASE + " owner " + DB_USER);
                }
            }
        }
        System.out.println("local-stack: PostgreSQL on 127.0.0.1:" + POSTGRES_PORT + " (database " + DATABASE + ")");
    }

    private void startKafka() throws Exception {
        requireFree(KAFKA_PORT, "Kafka");
        requireFree(KAFKA_CONTROLLER_PORT, "Kafka controller");
        Path data = dir.resolve("data/kafka");
        Files.createDirectories(data);
        Path config = dir.resolve("run/kafka.properties");
        Files.writeString(config, String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + KAFKA_CONTROLLER_PORT,
                "listeners=PLAINTEXT://127.0.0.1:" + KAFKA_PORT + ",CONTROLLER://127.0.0.1:" + KAFKA_CONTROLLER_PORT,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + KAFKA_PORT,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=6",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=6",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "") + "\n");
        Path logs = dir.resolve("logs");
        Files.createDirectories(logs);
        if (!Files.exists(data.resolve("meta.properties"))) {
            int exit = java(List.of("kafka.tools.StorageTool", "format", "-t", UUID.randomUUID().toString()
                            .replace("-", "").substring(0, 22), "-c", config.toString()),
                    logs.resolve("kafka-format.log")).waitFor();
            if (exit != 0) {
                throw new IllegalStateException("Kafka storage format failed, see " + logs.resolve("kafka-format.log"));
            }
        }
        kafka = java(List.of("-Xmx512m", "kafka.Kafka", config.toString()), logs.resolve("kafka.log"));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!listening(KAFKA_PORT)) {
            if (!kafka.isAlive()) {
                throw new IllegalStateException("Kafka exited, see " + logs.resolve("kafka.log"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka did not start within 90 s, see " + logs.resolve("kafka.log"));
            }
            Thread.sleep(200);
        }
        System.out.println("local-stack: Kafka (KRaft) on 127.0.0.1:" + KAFKA_PORT);
    }

    private void startMail() throws IOException {
        requireFree(SMTP_PORT, "SMTP sink");
        requireFree(MAIL_HTTP_PORT, "mail viewer");
        mail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        inbox = new MailInbox(mail, MAIL_HTTP_PORT);
        inbox.start();
        System.out.println("local-stack: SMTP sink on 127.0.0.1:" + SMTP_PORT
                + ", captured mail at http://127.0.0.1:" + MAIL_HTTP_PORT + "/ (JSON: /messages)");
    }

    private void stop() {
        if (inbox != null) {
            inbox.stop();
        }
        if (mail != null) {
            mail.stop();
        }
        if (kafka != null && kafka.isAlive()) {
            kafka.destroy(); // SIGTERM: Kafka shuts down cleanly and keeps its log
            try {
                if (!kafka.waitFor(java.util.concurrent.TimeUnit.SECONDS.toMillis(30),
                        java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    kafka.destroyForcibly();
                }
            } catch (InterruptedException e) {
                kafka.destroyForcibly();
            }
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("local-stack: PostgreSQL stop failed: " + e.getMessage());
            }
        }
        System.out.println("local-stack: stopped");
    }

    /** A child JVM on this program's own classpath (the jar and its lib/ folder). */
    private static Process java(List<String> args, Path log) throws IOException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        File jar = new File(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        String classpath = jar.isFile()
                ? jar.getPath() + File.pathSeparator + new File(jar.getParentFile(), "lib").getPath() + File.separator + "*"
                : System.getProperty("java.class.path");
        List<String> command = new ArrayList<>(List.of(javaBin, "-cp", classpath));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.remove("JAVA_TOOL_OPTIONS");
        return builder.start();
    }

    private static void requireFree(int port, String what) {
        if (listening(port)) {
            throw new IllegalStateException(what + " port " + port + " is already in use");
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

}
