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
import io.vertx.core.streams.ReadStream;
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
    GatewayConfig config;

    @Inject
    HttpEdge edge;

    /** Forwards the (paused) request; {@code token} is the internal JWT, or null for public routes. */
    public void forward(RoutingContext ctx, Route route, String token) {
        HttpServerRequest in = ctx.request();
        String requestId = RequestIds.current();
        long timeout = (route.limits() == Route.Limits.LONG_RUNNING ? config.chatTimeout() : config.upstreamTimeout()).toMillis();
        RequestOptions options = new RequestOptions()
                .setServer(upstreams.address(route.service()))
                .setMethod(in.method())
                .setURI(in.uri())
                .setIdleTimeout(timeout)
                .setHeaders(MultiMap.caseInsensitiveMultiMap());
        copyHeaders(in.headers(), options.getHeaders(), NOT_FORWARDED);
        options.putHeader(RequestIds.HEADER, requestId);
        options.putHeader("X-Forwarded-For", in.remoteAddress() == null ? "" : in.remoteAddress().hostAddress());
        options.putHeader("X-Forwarded-Proto", in.scheme() == null ? "http" : in.scheme());
        if (token != null) {
            options.putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        }
        upstreams.client().request(options).onComplete(opened -> {
            if (opened.failed()) {
                fail(ctx, route, opened.cause());
                return;
            }
            HttpClientRequest out = opened.result();
            // a caller that goes away mid-request must not leave the upstream connection waiting
            ctx.response().closeHandler(closed -> out.reset());
            String length = in.getHeader(HttpHeaders.CONTENT_LENGTH);
            ReadStream<Buffer> body = in;
            if (length == null && in.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                out.setChunked(true);
                // no declared size to refuse up front: count as it streams, and stop at the route's limit
                long limit = bodyLimit(config, route);
                body = new CappedBody(in, limit, () -> {
                    // answered before the reset, whose failure would otherwise be reported as the service's
                    refuseTooLarge(ctx, limit);
                    out.reset();
                });
            }
            out.send(body).onComplete(answered -> {
                if (answered.failed()) {
                    fail(ctx, route, answered.cause());
                    return;
                }
                relay(ctx, answered.result());
            });
        });
    }

    private void relay(RoutingContext ctx, HttpClientResponse answer) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            answer.request().reset();
            return;
        }
        response.setStatusCode(answer.statusCode());
        copyHeaders(answer.headers(), response.headers(), NOT_RETURNED);
        if (answer.getHeader(HttpHeaders.CONTENT_LENGTH) == null) {
            response.setChunked(true);
        }
        response.send(answer).onFailure(e -> LOG.debugf("Response to the caller not completed: %s", e.getMessage()));
    }

    /** 413 in the envelope; the connection closes after it, since the rest of the body is not read. */
    void refuseTooLarge(RoutingContext ctx, long limit) {
        ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        ctx.response().endHandler(ended -> ctx.request().connection().close());
        edge.write(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "Request body exceeds the size limit", "Limit: " + limit + " bytes");
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

    private static void copyHeaders(MultiMap from, MultiMap to, Set<String> skip) {
        for (var header : from) {
            if (!skip.contains(header.getKey().toLowerCase(java.util.Locale.ROOT))) {
                to.add(header.getKey(), header.getValue());
            }
        }
    }
}
