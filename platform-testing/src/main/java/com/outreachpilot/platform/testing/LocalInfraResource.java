package com.outreachpilot.platform.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Points a {@code @QuarkusTest} application at the shared real PostgreSQL and Kafka broker and at the
 * generated token key. Use it identically on every test class of a module so Quarkus boots once.
 */
public class LocalInfraResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        TestInfrastructure.start();
        Map<String, String> config = new HashMap<>();
        config.put("POSTGRES_HOST", "localhost");
        config.put("POSTGRES_PORT", String.valueOf(TestInfrastructure.postgresPort()));
        config.put("POSTGRES_DB", TestInfrastructure.DATABASE);
        config.put("POSTGRES_USER", TestInfrastructure.USER);
        config.put("POSTGRES_PASSWORD", "unused");
        config.put("KAFKA_BOOTSTRAP_SERVERS", TestInfrastructure.kafkaBootstrapServers());
        config.put("OP_JWT_PUBLIC_KEY", TestInfrastructure.publicKeyFile().toString());
        // inline, so it wins over the key pair smallrye-jwt generates for tests when no key is known at build time
        try {
            config.put("mp.jwt.verify.publickey", java.nio.file.Files.readString(TestInfrastructure.publicKeyFile()));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        config.put("OP_JWT_PRIVATE_KEY", TestInfrastructure.privateKeyFile().toString());
        for (String logger : TestInfrastructure.NOISY_LOGGERS) {
            config.put("quarkus.log.category.\"" + logger + "\".level", "WARN");
        }
        return config;
    }

    @Override
    public void stop() {
        // shared for the whole JVM; stopped by a shutdown hook
    }
}
