package com.outreachpilot.system;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.awaitility.Awaitility;

/**
 * A customer's webhook endpoint in the test JVM: answers every POST 204 (after {@code delay}, as a real endpoint
 * takes a moment) and keeps each delivery, per path, in arrival order.
 */
final class WebhookReceiver implements AutoCloseable {

    /** A delivery as it arrived: the Standard Webhooks headers and the body. */
    record Delivery(String id, String timestamp, String signature, String body) {
    }

    private final HttpServer server;
    private final Map<String, List<Delivery>> received = new ConcurrentHashMap<>();

    private WebhookReceiver(Duration delay) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var headers = exchange.getRequestHeaders();
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            received.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>())
                    .add(new Delivery(headers.getFirst("webhook-id"), headers.getFirst("webhook-timestamp"),
                            headers.getFirst("webhook-signature"), body));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    static WebhookReceiver start() {
        return new WebhookReceiver(Duration.ZERO);
    }

    static WebhookReceiver start(Duration delay) {
        return new WebhookReceiver(delay);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** What arrived at {@code path} so far, in arrival order. */
    List<Delivery> at(String path) {
        return received.getOrDefault(path, List.of());
    }

    /** Waits until {@code path} has received at least {@code count} deliveries. */
    List<Delivery> await(String path, int count, Duration timeout) {
        Awaitility.await().alias(path + " receives " + count).atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> at(path).size() >= count);
        return at(path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
