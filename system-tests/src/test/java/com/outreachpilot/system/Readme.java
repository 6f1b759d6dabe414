package com.outreachpilot.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's shell examples, run as written against the running stack: a block is found by its first line
 * and run by bash with the variables the README's quickstart sets ({@code GATEWAY_URL}, {@code DEMO_API_KEY}).
 */
final class Readme {

    private static final Path FILE = Path.of("..", "README.md");

    private Readme() {
    }

    /** Every fenced bash block of the README, as written. */
    static List<String> bashBlocks() {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        try {
            for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
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
            throw new IllegalStateException("README.md not readable at " + FILE.toAbsolutePath(), e);
        }
        return blocks;
    }

    /** The block whose first line is {@code firstLine}. */
    static String block(String firstLine) {
        return bashBlocks().stream().filter(b -> b.startsWith(firstLine)).findFirst()
                .orElseThrow(() -> new AssertionError("No bash block of README.md starts with " + firstLine));
    }

    /** Runs {@code script} with bash ({@code -eu -o pipefail}) and the quickstart's variables; returns its output. */
    static String run(String script, String apiKey) {
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true);
            builder.environment().putAll(Map.of("GATEWAY_URL", Stack.gatewayUrl(), "DEMO_API_KEY", apiKey,
                    "OP_ADMIN_TOKEN", Stack.ADMIN_TOKEN));
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "README example did not finish:\n" + script);
            String text = new String(output, StandardCharsets.UTF_8);
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
