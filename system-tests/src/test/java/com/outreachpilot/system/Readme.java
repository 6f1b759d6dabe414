package com.outreachpilot.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's shell examples, run as written against the running stack: its {@code bash} blocks (blocks fenced
 * {@code sh} need what the build has not, and are not run), each alone or all of them in one shell.
 */
final class Readme {

    private static final Path FILE = Path.of("..", "README.md");

    /**
     * Put before a script: {@code curl} as written, but failing on an answer outside 2xx (with the body shown),
     * bounded in time, and every answer on a line of its own.
     */
    static final String STRICT_CURL = "curl() { command curl -sS --fail-with-body --max-time 30 \"$@\"; echo; }\n";

    private Readme() {
    }

    /** Every fenced bash block of the README, as written, in order. */
    static List<String> bashBlocks() {
        return bashBlocks(FILE);
    }

    /** Every fenced bash block of a Markdown file of the repository ({@code ../} from here), in order. */
    static List<String> bashBlocks(Path file) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (block == null && line.strip().equals("```bash")) {
                    block = new StringBuilder();
                } else if (block != null && line.strip().equals("```")) {
                    blocks.add(block.toString());
                    block = null;
                } else if (block != null) {
                    block.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(file + " not readable at " + file.toAbsolutePath(), e);
        }
        if (block != null) {
            throw new AssertionError(file + " has a bash block that is never closed");
        }
        return blocks;
    }

    /** The block whose first line is {@code firstLine}. */
    static String block(String firstLine) {
        return bashBlocks().stream().filter(b -> b.startsWith(firstLine)).findFirst()
                .orElseThrow(() -> new AssertionError("No bash block of README.md starts with " + firstLine));
    }

    /** Runs {@code script} with the quickstart's variables for {@code apiKey}; returns its output. */
    static String run(String script, String apiKey) {
        try {
            Path dir = Files.createTempDirectory("readme");
            return run(STRICT_CURL + script, dir, Map.of("GATEWAY_URL", Stack.gatewayUrl(), "DEMO_API_KEY", apiKey,
                    "OP_ADMIN_TOKEN", Stack.ADMIN_TOKEN, "MAIL_URL", Stack.mailUrl()), Duration.ofSeconds(60), true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code script} with bash ({@code -euo pipefail}) in {@code dir}, whose {@code .dev/env} holds
     * {@code values} as {@code ./dev/up --detach} writes them (and, if {@code export}, in its environment too);
     * fails unless it ends well within {@code timeout}.
     */
    static String run(String script, Path dir, Map<String, String> values, Duration timeout, boolean export) {
        try {
            Files.createDirectories(dir.resolve(".dev"));
            StringBuilder env = new StringBuilder();
            values.forEach((name, value) -> env.append(name).append('=').append(value).append('\n'));
            Files.writeString(dir.resolve(".dev/env"), env);
            Path output = dir.resolve("output.txt");
            ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            if (export) {
                builder.environment().putAll(values);
            }
            Process process = builder.start();
            boolean ended = process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS);
            if (!ended) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertTrue(ended, "README example did not finish within " + timeout + ":\n" + script
                    + "\n--- output ---\n" + text);
            assertEquals(0, process.exitValue(), "README example failed:\n" + script + "\n--- output ---\n" + text);
            return text;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
