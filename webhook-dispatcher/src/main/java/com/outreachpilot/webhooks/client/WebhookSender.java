package com.outreachpilot.webhooks.client;

import com.outreachpilot.platform.time.Clock;
import com.outreachpilot.webhooks.config.WebhookConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Promise;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * POSTs webhooks, and owns the outbound-URL guard ({@link UrlGuard}) so no path can skip it: every attempt
 * checks the URL and resolves its host first, then connects to exactly the address that was checked (a DNS
 * answer cannot change between the check and the connection), never follows redirects, gives up after the
 * configured timeout, and keeps only the first bytes of the answer. Registering a URL asks the same guard
 * ({@link #formRefusal}, {@link #refusal}).
 */
@ApplicationScoped
public class WebhookSender {

    static final String USER_AGENT = "OutreachPilot-Webhooks/1.0 (+https://app.outreachpilot.com/docs#webhooks)";
    /** Kept of an answer's body: enough to tell an error page, too little to read out someone's service. */
    static final int EXCERPT_BYTES = 256;

    /** What an attempt came to: a status code, or an error when there was no answer. */
    public record Outcome(Integer status, long latencyMs, String excerpt, String error, Duration retryAfter) {
        public boolean delivered() {
            return status != null && status >= 200 && status < 300;
        }
    }

    /** A URL that passed the guard, with the address to connect to; or why it did not. */
    private record Target(URI uri, InetAddress address, String refusal) {
    }

    @Inject
    Vertx vertx;

    @Inject
    WebhookConfig config;

    @Inject
    Clock clock;

    private UrlGuard guard;
    private HttpClient client;

    @PostConstruct
    void init() {
        guard = new UrlGuard(config.requireHttps(), config.allowedCidrs().orElse(List.of()));
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

    /** Why this URL may not receive webhooks, judged on its form alone (no DNS lookup); null if it may. */
    public String formRefusal(String url) {
        try {
            guard.parse(url);
            return null;
        } catch (UrlGuard.Refused refused) {
            return refused.getMessage();
        }
    }

    /**
     * Why this URL may not receive webhooks, its form and every address its host resolves to; null if it may.
     * The lookup runs on a worker thread; the answer comes back on the caller's Vert.x context, if any.
     */
    public Uni<String> refusal(String url) {
        Context caller = Vertx.currentContext();
        Uni<String> checked = Uni.createFrom().item(() -> target(url).refusal())
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()); // DNS lookups block
        return caller == null ? checked : checked.emitOn(task -> caller.runOnContext(ignored -> task.run()));
    }

    /** Checks the URL again (DNS may now point somewhere it must not), then POSTs the body to it. */
    public Uni<Outcome> post(String url, Map<String, String> headers, String body) {
        return Uni.createFrom().item(() -> target(url))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()) // DNS lookups block
                .chain(target -> target.refusal() != null
                        ? Uni.createFrom().item(new Outcome(null, 0, null, "refused: URL " + target.refusal(), null))
                        : send(target.uri(), target.address(), headers, body));
    }

    private Target target(String url) {
        try {
            URI uri = guard.parse(url);
            return new Target(uri, guard.resolve(uri).get(0), null);
        } catch (UrlGuard.Refused refused) {
            return new Target(null, null, refused.getMessage());
        }
    }

    private Uni<Outcome> send(URI url, InetAddress address, Map<String, String> headers, String body) {
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
                    Promise<Outcome> done = Promise.promise();
                    response.handler(chunk -> {
                        if (excerpt.length() < EXCERPT_BYTES) {
                            excerpt.appendBuffer(chunk.slice(0, Math.min(chunk.length(), EXCERPT_BYTES - excerpt.length())));
                        }
                    });
                    response.exceptionHandler(done::tryFail);
                    response.endHandler(ignored -> done.tryComplete(new Outcome(response.statusCode(), millisSince(started),
                            sanitized(new String(excerpt.getBytes(), StandardCharsets.UTF_8)), null,
                            retryAfter(response.getHeader("retry-after"), clock.now()))));
                    return done.future();
                })
                .toCompletionStage());
        return attempt
                .ifNoItem().after(Duration.ofMillis(timeoutMs)).failWith(() -> new TimeoutException(
                        "no answer within " + config.timeout().toSeconds() + " s"))
                .onFailure().recoverWithItem(failure -> new Outcome(null, millisSince(started), null, describe(failure), null));
    }

    /** Control characters (and a character cut in half at the end) become spaces; runs of space collapse. */
    static String sanitized(String excerpt) {
        StringBuilder out = new StringBuilder(excerpt.length());
        excerpt.codePoints().forEach(c -> {
            boolean visible = !Character.isISOControl(c) && c != 0xFFFD && Character.isDefined(c);
            char last = out.isEmpty() ? ' ' : out.charAt(out.length() - 1);
            if (visible && c != ' ') {
                out.appendCodePoint(c);
            } else if (last != ' ') {
                out.append(' ');
            }
        });
        return out.toString().strip();
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    /** A failed attempt in plain words: what a receiver's operator can act on, never a Java class name. */
    String describe(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (e instanceof TimeoutException || e instanceof java.net.SocketTimeoutException
                    || e.getClass().getName().contains("Timeout") || message.contains("timed out")) {
                return "timed out after " + config.timeout().toSeconds() + " s";
            }
            if (e instanceof javax.net.ssl.SSLException || message.contains("ssl") || message.contains("handshake")) {
                return "TLS handshake failed";
            }
            if (e instanceof java.net.UnknownHostException || message.contains("failed to resolve")
                    || message.contains("unknown host") || message.contains("nodename nor servname")) {
                return "host name could not be resolved";
            }
            if (e instanceof java.net.ConnectException || message.contains("connection refused")) {
                return "connection refused";
            }
            if (message.contains("connection reset")) {
                return "connection reset by the receiver";
            }
            if (message.contains("connection was closed") || message.contains("closed")) {
                return "connection closed before an answer";
            }
            if (message.contains("no route to host") || message.contains("network is unreachable")) {
                return "receiver unreachable";
            }
        }
        String message = failure.getMessage();
        return "request failed" + (message == null || message.isBlank() ? "" : ": " + sanitized(message));
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
