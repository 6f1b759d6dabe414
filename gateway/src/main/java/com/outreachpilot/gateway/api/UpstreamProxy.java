package com.outreachpilot.gateway.api;

import com.outreachpilot.gateway.client.Upstreams;
import com.outreachpilot.gateway.config.GatewayConfig;
import com.outreachpilot.gateway.domain.Route;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.web.HttpEdge;
import com.outreachpilot.platform.web.RequestIds;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Streams a request to its service and the answer back, on Vert.x' HTTP client: the body is never buffered,
 * the caller's credentials are replaced by the internal token, the request id travels along, and every
 * failure of the hop (service down, timeout) is answered in the error envelope.
 */
@ApplicationScoped
public class UpstreamProxy {

    private static final Logger LOG = Logger.getLogger(UpstreamProxy.class);

    /** Hop-by-hop headers (RFC 9110 §7.6.1) and what the gateway itself sets. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host",
            "authorization", "x-request-id");
    private static final Set<String> NOT_RETURNED = Set.of("connection", "keep-alive", "proxy-connection",
            "proxy-authenticate", "te", "trailer", "transfer-encoding", "upgrade", "x-request-id");

    @Inject
    Upstreams upstreams;

    @Inject
    com.outreachpilot.gateway.client.OpenApiDocuments documents;

    @Inject
    GatewayConfig config;

    @Inject
    HttpEdge edge;

    /**
     * Forwards the (paused) request; {@code token} is the internal JWT, or null for public routes. A body is read
     * whole at the edge first (bounded by the route's limit and a body idle timeout), as nginx does: a slow or
     * oversized body ties up a gateway connection only, never a connection to a service.
     */
    public void forward(RoutingContext ctx, Route route, String token) {
        HttpServerRequest in = ctx.request();
        if (ctx.response().closed() || ctx.response().ended()) {
            // the caller left (an HTTP/2 stream reset, a closed connection) while the key was being checked
            return;
        }
        MultiMap headers;
        try {
            headers = upstreamHeaders(in, token);
        } catch (IllegalArgumentException e) {
            edge.refuse(ctx, ErrorCode.BAD_REQUEST, "Malformed request header", e.getMessage());
            return;
        }
        if (!hasBody(in)) {
            // nothing to read, but the (paused) request must still be consumed to its end
            if (in.isEnded()) {
                send(ctx, route, headers, null, true);
                return;
            }
            in.end().onSuccess(ended -> send(ctx, route, headers, null, true));
            in.resume();
            return;
        }
        long limit = bodyLimit(config, route);
        String declared = in.getHeader(HttpHeaders.CONTENT_LENGTH);
        // sized for what is declared, but no more than 64 KiB up front: a declared size costs nothing to send
        Buffer body = Buffer.buffer((int) Math.min(64 * 1024, declared == null ? 4096 : Math.max(0, parse(declared))));
        long idle = config.bodyIdleTimeout().toMillis();
        long deadline = System.nanoTime() + config.bodyTimeout().toNanos();
        long[] timer = {ctx.vertx().setTimer(idle, id -> slowBody(ctx))};
        boolean[] done = {false};
        in.handler(chunk -> {
            if (done[0]) {
                return;
            }
            ctx.vertx().cancelTimer(timer[0]);
            if ((long) body.length() + chunk.length() > limit) {
                done[0] = true;
                in.handler(null);
                edge.refuseTooLarge(ctx, limit);
                return;
            }
            body.appendBuffer(chunk);
            long left = Math.min(idle, (deadline - System.nanoTime()) / 1_000_000);
            timer[0] = ctx.vertx().setTimer(Math.max(1, left), id -> slowBody(ctx));
        });
        in.endHandler(end -> {
            ctx.vertx().cancelTimer(timer[0]);
            if (!done[0]) {
                done[0] = true;
                headers.set(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()));
                send(ctx, route, headers, body, true);
            }
        });
        in.exceptionHandler(e -> {
            ctx.vertx().cancelTimer(timer[0]);
            done[0] = true;
            LOG.debugf("Request body not received [%s]: %s", RequestIds.current(), e.getMessage());
            if (!ctx.response().ended() && !ctx.response().closed()) {
                HttpEdge.abandonBody(ctx);
                edge.write(ctx, ErrorCode.BAD_REQUEST, "Malformed request body", "The body's framing is invalid");
            }
        });
        in.resume();
    }

    /** The client stopped sending its body: 408, and the rest of the body is not awaited. */
    private void slowBody(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        HttpEdge.abandonBody(ctx);
        edge.write(ctx, ErrorCode.REQUEST_TIMEOUT, "The request body did not arrive in time",
                "Send the whole body within " + config.bodyTimeout().toSeconds() + " s, pausing at most "
                        + config.bodyIdleTimeout().toSeconds() + " s");
    }

    /**
     * One request to the service. The answer is what counts: a failure to write the request after the service
     * answered (it may answer before reading everything) is not a failure. A connection that closed before the
     * request was fully written provably delivered nothing the service could act on, so it is retried once on
     * another connection.
     */
    private void send(RoutingContext ctx, Route route, MultiMap headers, Buffer body, boolean mayRetry) {
        long timeout = (route.limits() == Route.Limits.LONG_RUNNING ? config.chatTimeout() : config.upstreamTimeout()).toMillis();
        RequestOptions options = new RequestOptions()
                .setServer(upstreams.address(route.service()))
                .setMethod(ctx.request().method())
                .setURI(ctx.request().uri())
                .setIdleTimeout(timeout)
                // every connection busy: wait this long for one, then answer 503 rather than queue for ever
                .setConnectTimeout(config.upstreamPoolWait().toMillis())
                .setHeaders(headers);
        upstreams.client().request(options).onComplete(opened -> {
            if (opened.failed() && mayRetry && closedConnection(opened.cause())
                    && !ctx.response().closed() && !ctx.response().ended()) {
                // the pooled connection handed out closed before anything was written on it (the service closed
                // a keep-alive connection as it was reused): nothing was sent, so another connection is tried once
                LOG.debugf("Connection to %s closed as it was opened [%s]; retrying once", route.service(),
                        RequestIds.current());
                send(ctx, route, headers, body, false);
                return;
            }
            if (opened.failed()) {
                // no connection to be had (service down, or every connection busy past the wait)
                LOG.warnf("No connection to %s [%s]: %s", route.service(), RequestIds.current(), opened.cause());
                if (!ctx.response().closed() && !ctx.response().ended()) {
                    edge.write(ctx, ErrorCode.SERVICE_UNAVAILABLE, "The " + route.service() + " service is unavailable",
                            "Retry shortly");
                }
                return;
            }
            HttpClientRequest out = opened.result();
            // a caller that goes away mid-exchange must not leave the upstream connection waiting; once the
            // service's answer has ended the exchange is over and the connection is back in the pool: resetting
            // it then would close that connection under the next request. Added beside the request's other end
            // handlers: setting the response's close handler would replace the routing context's, and a caller
            // leaving mid-request would then never give back its key's in-flight count.
            boolean[] finished = {false};
            ctx.addEndHandler(ended -> {
                if (ended.failed() && !finished[0]) {
                    out.reset();
                }
            });
            boolean[] written = {false};
            (body == null ? out.end() : out.end(body)).onSuccess(v -> written[0] = true);
            out.response().onComplete(answered -> {
                if (answered.succeeded()) {
                    answered.result().end().onComplete(ended -> finished[0] = true);
                    relay(ctx, answered.result());
                    return;
                }
                finished[0] = true;
                if (mayRetry && !written[0] && closedConnection(answered.cause())
                        && !ctx.response().closed() && !ctx.response().ended()) {
                    LOG.debugf("Connection to %s closed before the request was written [%s]; retrying once",
                            route.service(), RequestIds.current());
                    send(ctx, route, headers, body, false);
                } else {
                    fail(ctx, route, answered.cause());
                }
            });
        });
    }

    private MultiMap upstreamHeaders(HttpServerRequest in, String token) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        copyHeaders(in.headers(), headers, NOT_FORWARDED);
        headers.remove(HttpHeaders.CONTENT_LENGTH); // set from the body actually read
        headers.set(RequestIds.HEADER, RequestIds.current());
        headers.set("X-Forwarded-For", in.remoteAddress() == null ? "" : in.remoteAddress().hostAddress());
        headers.set("X-Forwarded-Proto", in.scheme() == null ? "http" : in.scheme());
        if (token != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        return headers;
    }

    private static boolean hasBody(HttpServerRequest in) {
        String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return parse(length) != 0;
        }
        return in.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                || (in.version() == io.vertx.core.http.HttpVersion.HTTP_2 && !in.isEnded());
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean closedConnection(Throwable cause) {
        return cause instanceof io.vertx.core.http.HttpClosedException
                || (cause instanceof io.vertx.core.VertxException && "Connection was closed".equals(cause.getMessage()));
    }

    private void relay(RoutingContext ctx, HttpClientResponse answer) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            answer.request().reset();
            return;
        }
        response.setStatusCode(answer.statusCode());
        copyHeaders(answer.headers(), response.headers(), NOT_RETURNED);
        if (answer.statusCode() == 405 && answer.getHeader(HttpHeaders.ALLOW) == null) {
            // RFC 9110: a 405 names the methods the path does take, as the API's document describes it
            answer.pause();
            documents.allowed(ctx.request().path()).subscribe().with(methods -> {
                if (!methods.isEmpty()) {
                    response.putHeader(HttpHeaders.ALLOW, String.join(", ", methods));
                }
                send(response, answer);
            }, e -> send(response, answer));
            return;
        }
        send(response, answer);
    }

    private static void send(HttpServerResponse response, HttpClientResponse answer) {
        if (answer.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            response.setChunked(true);
        }
        response.send(answer).onFailure(e -> LOG.debugf("Response to the caller not completed: %s", e.getMessage()));
    }

    /** The largest request body a route accepts (bulk imports more than the rest). */
    static long bodyLimit(GatewayConfig config, Route route) {
        return (route.limits() == Route.Limits.BULK ? config.bulkMaxBodySize() : config.maxBodySize()).asLongValue();
    }

    private void fail(RoutingContext ctx, Route route, Throwable cause) {
        if (ctx.response().closed() || ctx.response().ended()) {
            return; // the caller left, or was already answered (e.g. 413 for a body cut off mid-stream)
        }
        boolean timedOut = cause instanceof TimeoutException
                || (cause != null && cause.getClass().getSimpleName().contains("Timeout"));
        LOG.warnf("Upstream %s failed [%s]: %s", route.service(), RequestIds.current(), cause);
        if (timedOut) {
            edge.write(ctx, ErrorCode.GATEWAY_TIMEOUT, "The " + route.service() + " service did not answer in time",
                    "Retry later; the request may or may not have been applied (use an Idempotency-Key)");
        } else {
            edge.write(ctx, ErrorCode.SERVICE_UNAVAILABLE, "The " + route.service() + " service is unavailable",
                    "Retry shortly");
        }
    }

    /** Copies all but {@code skip}; a name or value no HTTP/1.1 message may carry is refused (HTTP/2 lets them in). */
    private static void copyHeaders(MultiMap from, MultiMap to, Set<String> skip) {
        for (var header : from) {
            String name = header.getKey();
            if (!validName(name) || !validValue(header.getValue())) {
                throw new IllegalArgumentException("Header " + (validName(name) ? name : "name") + " contains characters"
                        + " not allowed in HTTP headers");
            }
            if (!skip.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                to.add(name, header.getValue());
            }
        }
    }

    private static boolean validName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            // RFC 9110 token characters
            if (c <= 32 || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean validValue(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 32 && c != '\t') || c == 127) {
                return false;
            }
        }
        return true;
    }
}
