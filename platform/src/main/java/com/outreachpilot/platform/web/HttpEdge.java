package com.outreachpilot.platform.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.ErrorBody;
import com.outreachpilot.platform.error.DependencyFailures;
import com.outreachpilot.platform.error.ErrorCode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * What happens at the HTTP edge of every service before and around the JAX-RS layer: the request id is
 * assigned (or accepted) and echoed, and failures that never reach a resource (no route, wrong method,
 * body too large, anything thrown by a Vert.x handler) are written in the error envelope, never as HTML.
 */
@ApplicationScoped
public class HttpEdge {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    /** After a 413, how much of the unread body is read and discarded before the connection closes. */
    static final long DRAIN_BYTES = 64L * 1024 * 1024;
    static final long DRAIN_TIME_MS = 5_000;

    @Inject
    ObjectMapper mapper;

    @Inject
    DependencyFailures dependencyFailures;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.http.limits.max-body-size")
    java.util.Optional<io.quarkus.runtime.configuration.MemorySize> maxBodySize;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "outreachpilot.http.max-request-target")
    int maxRequestTarget;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "outreachpilot.http.max-header-bytes")
    int maxHeaderBytes;

    /** The key Micrometer's HTTP server metrics read a request's URI tag from (Quarkus REST sets it too). */
    public static final String URL_PATH_TEMPLATE = "UrlPathTemplate";
    /** The URI tag of a request no endpoint serves. */
    public static final String UNKNOWN_PATH = "/{unknown}";

    void requestIds(@Observes Filters filters) {
        filters.register(ctx -> {
            if (admit(ctx)) {
                ctx.next();
            }
        }, 10_000);
    }

    /**
     * What every request goes through first, on any server that serves the API: its request id is accepted or
     * assigned and echoed, its metrics series is "unknown" until an endpoint names it, and a request target,
     * headers or declared body past the limits is answered here (414, 431, 413 in the envelope). False when the
     * request has been answered.
     */
    public boolean admit(RoutingContext ctx) {
        String id = RequestIds.acceptOrGenerate(ctx.request().getHeader(RequestIds.HEADER));
        ctx.put(RequestIds.CONTEXT_KEY, id);
        RequestIds.bind(id);
        ctx.response().putHeader(RequestIds.HEADER, id);
        // one metrics series for every path no endpoint serves: a client's made-up paths never become
        // series (a matched REST resource, or the gateway's route, replaces it with its own template)
        io.vertx.core.Vertx.currentContext().putLocal(URL_PATH_TEMPLATE, UNKNOWN_PATH);
        if (oversizeHead(ctx)) {
            return false;
        }
        if (declaredTooLarge(ctx)) {
            refuseTooLarge(ctx, maxBodySize.get().asLongValue());
            return false;
        }
        return true;
    }

    void errors(@Observes Router router) {
        // ahead of Quarkus' own failure handler, whose body is not the envelope
        router.route().order(Integer.MIN_VALUE).failureHandler(this::failure);
        router.errorHandler(404, this::notFound);
        router.errorHandler(405, ctx -> write(ctx, ErrorCode.METHOD_NOT_ALLOWED,
                ctx.request().method() + " is not allowed on " + ctx.request().path(), null));
    }

    /** 404 ROUTE_NOT_FOUND in the envelope: nothing is served at the request's path. */
    public void notFound(RoutingContext ctx) {
        write(ctx, ErrorCode.ROUTE_NOT_FOUND, "No endpoint at " + ctx.request().method() + " " + ctx.request().path(), null);
    }

    /**
     * 413 in the envelope for a body past {@code limit}, then the rest of the body is read and thrown away
     * (at most {@link #DRAIN_BYTES} or {@link #DRAIN_TIME_MS}) before the connection closes: a client that
     * writes its whole body before reading (most SDKs) would otherwise see a reset instead of the answer.
     * HTTP/2 streams are drained or reset alone; the connection stays.
     */
    public void refuseTooLarge(RoutingContext ctx, long limit) {
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        write(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "Request body exceeds the size limit", "Limit: " + limit + " bytes");
        discardBody(ctx, true);
    }

    /**
     * An error answered before the request's body was read (a refused key, an unknown route): the rest of the
     * body is read and thrown away, bounded as after a 413, so a client that writes its whole body before reading
     * gets the answer instead of a stalled write. The connection stays open when the body ends within the bounds.
     */
    public void refuse(RoutingContext ctx, ErrorCode code, String message, String details) {
        write(ctx, code, message, details);
        discardBody(ctx, false);
    }

    private static void discardBody(RoutingContext ctx, boolean close) {
        HttpServerRequest request = ctx.request();
        boolean http1 = request.version() != HttpVersion.HTTP_2;
        if (request.isEnded()) {
            if (close && http1) {
                abandonBody(ctx);
            }
            return;
        }
        long[] drained = {0};
        boolean[] done = {false};
        java.util.function.Consumer<Boolean> finish = whole -> {
            if (!done[0]) {
                done[0] = true;
                request.handler(null);
                if (http1 ? close || !whole : !whole) {
                    abandonBody(ctx);
                }
            }
        };
        long timer = ctx.vertx().setTimer(DRAIN_TIME_MS, id -> finish.accept(false));
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > DRAIN_BYTES) {
                ctx.vertx().cancelTimer(timer);
                finish.accept(false);
            }
        });
        request.endHandler(end -> {
            ctx.vertx().cancelTimer(timer);
            finish.accept(true);
        });
        request.exceptionHandler(e -> {
            ctx.vertx().cancelTimer(timer);
            finish.accept(false);
        });
        request.resume();
    }

    /**
     * The rest of the request's body is not read once the answer (written or about to be) has ended: an HTTP/1.1
     * connection closes after it (the remainder cannot be skipped; {@code Connection: close} announces it while
     * the head is unwritten), an HTTP/2 stream alone is reset with NO_ERROR after its complete answer
     * (RFC 9113 §8.1), so the connection's other streams go on.
     */
    public static void abandonBody(RoutingContext ctx) {
        ctx.request().handler(null);
        boolean http1 = ctx.request().version() != HttpVersion.HTTP_2;
        if (http1 && !ctx.response().headWritten()) {
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        Runnable after = http1 ? () -> ctx.request().connection().close() : () -> ctx.response().reset(0);
        if (ctx.response().ended()) {
            after.run();
        } else {
            // beside the request's other end handlers: the response's own end handler is the routing context's,
            // replacing it would skip every handler added with addEndHandler (the gateway's in-flight count)
            ctx.addEndHandler(ended -> after.run());
        }
    }

    /**
     * 414 or 431 in the envelope for a request target or headers past the documented limits (the HTTP layer reads
     * up to larger hard bounds so that these are answered here, not with a bare status); the connection closes.
     */
    private boolean oversizeHead(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String target = request.uri();
        if (target != null && target.length() > maxRequestTarget) {
            write(ctx, ErrorCode.URI_TOO_LONG, "The request target is " + target.length() + " bytes long",
                    "At most " + maxRequestTarget + " bytes of path and query are accepted; send fewer filter values"
                            + " per request");
            discardBody(ctx, true);
            return true;
        }
        long size = 0;
        for (var header : request.headers()) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        if (size > maxHeaderBytes) {
            write(ctx, ErrorCode.HEADERS_TOO_LARGE, "The request's headers are " + size + " bytes long",
                    "At most " + maxHeaderBytes + " bytes of headers are accepted");
            discardBody(ctx, true);
            return true;
        }
        return false;
    }

    private boolean declaredTooLarge(RoutingContext ctx) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null || maxBodySize.isEmpty()) {
            return false;
        }
        try {
            return Long.parseLong(length.trim()) > maxBodySize.get().asLongValue();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A failed request in the envelope: refusals of the security layer, transient dependencies, the rest 500. */
    public void failure(RoutingContext ctx) {
        // a path's security policy (e.g. MCP's) refused the caller before any endpoint ran
        Throwable cause = ctx.failure();
        if (cause instanceof io.quarkus.security.ForbiddenException) {
            write(ctx, ErrorCode.FORBIDDEN, "The caller may not use this endpoint",
                    "This endpoint is not for the token's role");
            return;
        }
        if (cause instanceof io.quarkus.security.AuthenticationException
                || cause instanceof io.quarkus.security.UnauthorizedException) {
            write(ctx, ErrorCode.INVALID_TOKEN, "Internal token missing or rejected",
                    "Services accept requests from the gateway only");
            return;
        }
        int status = ctx.statusCode();
        if (status < 400) {
            status = 500;
        }
        if (status >= 500 && dependencyFailures.isTransient(cause)) {
            LOG.warnf("Dependency unavailable on %s %s [%s]: %s", ctx.request().method(), ctx.request().path(),
                    requestId(ctx), cause);
            if (!ctx.response().headWritten()) {
                ctx.response().putHeader("Retry-After", DependencyFailures.RETRY_AFTER_SECONDS);
            }
            write(ctx, ErrorCode.SERVICE_UNAVAILABLE, DependencyFailures.MESSAGE, DependencyFailures.DETAILS);
            return;
        }
        if (status >= 500) {
            LOG.errorf(ctx.failure(), "Unhandled failure on %s %s [%s]", ctx.request().method(), ctx.request().path(),
                    requestId(ctx));
            write(ctx, ErrorCode.INTERNAL_ERROR, "Unexpected server error",
                    "Quote request id " + requestId(ctx) + " when reporting this.");
            return;
        }
        ErrorCode code = ErrorCode.forStatus(status);
        write(ctx, code, code.summary(), null);
    }

    /** Writes an error envelope directly on a Vert.x response; used where no JAX-RS mapper can run. */
    public void write(RoutingContext ctx, ErrorCode code, String message, String details) {
        if (ctx.response().ended()) {
            return;
        }
        String requestId = requestId(ctx);
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        ctx.response()
                .setStatusCode(code.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(RequestIds.HEADER, requestId)
                .end(envelope(code, message, details, requestId));
    }

    /** The error envelope's JSON, for answers written below the routing layer (a malformed request, a stalled head). */
    public String envelope(ErrorCode code, String message, String details, String requestId) {
        try {
            return mapper.writeValueAsString(ApiResponse.error(ErrorBody.of(code, message, details, List.of()), requestId));
        } catch (JsonProcessingException e) {
            return "{\"ok\":false,\"error\":{\"code\":\"" + code.name() + "\"}}";
        }
    }

    private static String requestId(RoutingContext ctx) {
        String id = ctx.get(RequestIds.CONTEXT_KEY);
        return id != null ? id : RequestIds.current();
    }
}
