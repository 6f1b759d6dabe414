package com.outreachpilot.webhooks.client;

import com.outreachpilot.webhooks.config.WebhookConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * POSTs one webhook to an address that was checked just before: it connects to that exact address (so a DNS
 * answer cannot change between the check and the connection), never follows redirects, gives up after the
 * configured timeout, and keeps only the first bytes of the answer.
 */
@ApplicationScoped
public class WebhookSender {

    public static final String USER_AGENT = "OutreachPilot-Webhooks/1.0 (+https://app.outreachpilot.com/docs#webhooks)";
    static final int EXCERPT_BYTES = 1024;

    /** What an attempt came to: a status code, or an error when there was no answer. */
    public record Outcome(Integer status, long latencyMs, String excerpt, String error, Duration retryAfter) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    @Inject
    Vertx vertx;

    @Inject
    WebhookConfig config;

    private HttpClient client;

    @PostConstruct
    void init() {
        int timeoutMs = (int) config.timeout().toMillis();
        client = vertx.createHttpClient(new HttpClientOptions()
                        .setConnectTimeout(timeoutMs)
                        .setKeepAlive(true)
                        .setIdleTimeout(60)
                        .setVerifyHost(true)
                        .setForceSni(true),
                // pools are per host and port, which subscriptions may share: the per-subscription limit is
                // the dispatcher's own (DeliveryWorker), so a pool never makes one subscription wait for another
                new PoolOptions().setHttp1MaxSize(config.maxInFlight()));
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.close();
        }
    }

    public Uni<Outcome> post(URI url, InetAddress address, Map<String, String> headers, String body) {
        long started = System.nanoTime();
        long timeoutMs = config.timeout().toMillis();
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setAbsoluteURI(url.toString())
                .setServer(SocketAddress.inetSocketAddress(port, address.getHostAddress()))
                .setFollowRedirects(false)
                .setIdleTimeout(timeoutMs);
        headers.forEach(options::putHeader);
        options.putHeader("content-type", "application/json")
                .putHeader("user-agent", USER_AGENT);
        Uni<Outcome> attempt = Uni.createFrom().completionStage(() -> client.request(options)
                .compose(request -> request.send(Buffer.buffer(body, "UTF-8")))
                .compose(response -> {
                    Buffer excerpt = Buffer.buffer();
                    io.vertx.core.Promise<Outcome> done = io.vertx.core.Promise.promise();
                    response.handler(chunk -> {
                        if (excerpt.length() < EXCERPT_BYTES) {
                            excerpt.appendBuffer(chunk.slice(0, Math.min(chunk.length(), EXCERPT_BYTES - excerpt.length())));
                        }
                    });
                    response.exceptionHandler(done::tryFail);
                    response.endHandler(ignored -> done.tryComplete(new Outcome(response.statusCode(), millisSince(started),
                            new String(excerpt.getBytes(), StandardCharsets.UTF_8), null,
                            retryAfter(response.getHeader("retry-after"), Instant.now()))));
                    return done.future();
                })
                .toCompletionStage());
        return attempt
                .ifNoItem().after(Duration.ofMillis(timeoutMs)).failWith(() -> new java.util.concurrent.TimeoutException(
                        "no answer within " + config.timeout().toSeconds() + " s"))
                .onFailure().recoverWithItem(failure -> new Outcome(null, millisSince(started), null, describe(failure), null));
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /**
     * {@code Retry-After} as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3), measured from {@code now};
     * null when absent, unreadable or already past.
     */
    static Duration retryAfter(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        try {
            long seconds = Long.parseLong(value);
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(now, ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? null : until;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
