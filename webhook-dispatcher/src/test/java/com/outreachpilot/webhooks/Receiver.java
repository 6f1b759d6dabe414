package com.outreachpilot.webhooks;

import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A customer's webhook endpoint, at the edge of the system: records what arrives per path and answers
 * with the status (and delay) each path is told to.
 */
final class Receiver implements AutoCloseable {

    record Hit(String path, Map<String, String> headers, String body, Instant at) {
    }

    private final HttpServer server;
    final List<Hit> hits = new CopyOnWriteArrayList<>();
    private final Map<String, List<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    Receiver() throws IOException {
        this(0);
    }

    Receiver(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("0.0.0.0", port), 100);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            Map<String, String> headers = new java.util.HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Duration delay = delays.get(path);
            if (delay != null) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            hits.add(new Hit(path, headers, body, Instant.now()));
            List<Integer> script = scripts.get(path);
            int status = script == null || script.isEmpty() ? 200 : script.size() == 1 ? script.get(0) : script.remove(0);
            byte[] answer = ("{\"received\":true,\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** URL of a path on this receiver, through the one loopback address the tests allow. */
    String url(String path) {
        return "http://127.0.0.2:" + port() + path;
    }

    /** The statuses a path answers with, one per request; the last one repeats. */
    void answer(String path, Integer... statuses) {
        scripts.put(path, new CopyOnWriteArrayList<>(List.of(statuses)));
    }

    void delay(String path, Duration delay) {
        delays.put(path, delay);
    }

    List<Hit> hits(String path) {
        return hits.stream().filter(h -> h.path().equals(path)).toList();
    }

    /** Waits until what this path received satisfies {@code done}, and returns it. */
    List<Hit> await(String path, Predicate<List<Hit>> done, Duration timeout) {
        Awaitility.await().alias("receiver " + path).atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> done.test(hits(path)));
        return hits(path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
