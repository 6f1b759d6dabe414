package com.outreachpilot.gateway.api;

import com.outreachpilot.gateway.config.GatewayConfig;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.web.HttpEdge;
import com.outreachpilot.platform.web.RequestIds;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's public port: a Vert.x HTTP server of its own, not Quarkus' HTTP server (which the gateway does
 * not start; health and metrics stay on the management interface). The API's paths go straight to
 * {@link GatewayRouter} without the routing, security and REST layers a Quarkus application puts in front of
 * every request; the reference pages ({@code /}, {@code /docs}, the OpenAPI documents, Swagger UI's assets) are
 * handed to Quarkus' router, which serves them as REST endpoints and static resources. Owning the server gives
 * what Quarkus' offers no hook for: a deadline for a request's head ({@link HeadDeadline}), and the error envelope
 * for requests the HTTP codec itself refuses (a request line or headers past the hard bounds, broken framing).
 * Host, port, idle timeout and the codec's bounds are read from the {@code quarkus.http.*} keys every service
 * uses, so the environment variables mean what they mean elsewhere.
 */
@ApplicationScoped
public class PublicServer {

    private static final Logger LOG = Logger.getLogger(PublicServer.class);

    /** What Quarkus' router serves on this port: the reference pages and their assets. */
    private static final Set<String> PAGES = Set.of("/", "/docs", "/docs/admin", "/openapi.json",
            "/openapi/public.json", "/openapi/admin.json");

    @Inject
    Vertx vertx;

    @Inject
    GatewayRouter gateway;

    @Inject
    HttpEdge edge;

    @Inject
    GatewayConfig config;

    @ConfigProperty(name = "quarkus.http.host", defaultValue = "0.0.0.0")
    String host;

    @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080")
    int port;

    @ConfigProperty(name = "quarkus.http.test-port", defaultValue = "8081")
    int testPort;

    @ConfigProperty(name = "quarkus.http.idle-timeout", defaultValue = "30m")
    Duration idleTimeout;

    @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length", defaultValue = "4096")
    int maxInitialLine;

    @ConfigProperty(name = "quarkus.http.limits.max-header-size", defaultValue = "20K")
    io.quarkus.runtime.configuration.MemorySize maxHeaderSize;

    @ConfigProperty(name = "quarkus.http.limits.max-header-list-size")
    Optional<Long> maxHeaderListSize;

    @ConfigProperty(name = "quarkus.http.handle-100-continue-automatically", defaultValue = "true")
    boolean continueAutomatically;

    @ConfigProperty(name = "quarkus.vertx.event-loops-pool-size")
    Optional<Integer> eventLoops;

    private volatile Router pages;
    private volatile Router api;
    private volatile String deployment;
    private volatile int actualPort;

    /** Quarkus' router: the reference pages, with the filters every service's requests go through. */
    void pages(@Observes Router router) {
        this.pages = router;
    }

    void start(@Observes StartupEvent started) throws Exception {
        Router router = Router.router(vertx);
        for (String prefix : new String[] {"/api/*", "/admin/*", "/t/*", "/mcp", "/mcp/*"}) {
            router.route(prefix).handler(ctx -> {
                if (edge.admit(ctx)) {
                    gateway.handle(ctx);
                }
            });
        }
        router.route().handler(ctx -> {
            if (edge.admit(ctx)) {
                edge.notFound(ctx);
            }
        });
        router.route().failureHandler(edge::failure);
        api = router;
        int listenOn = LaunchMode.current() == LaunchMode.TEST ? testPort : port;
        int instances = Math.max(1, eventLoops.orElse(2 * Runtime.getRuntime().availableProcessors()));
        HttpServerOptions options = options(listenOn);
        int[] bound = {0};
        deployment = vertx.deployVerticle(() -> new AbstractVerticle() {
            @Override
            public void start(Promise<Void> ready) {
                HttpServer server = new HeadDeadline.Server(vertx, options, config.headerTimeout().toMillis(),
                        PublicServer.this::headTimedOut)
                        .connectionHandler(PublicServer.this::connected)
                        .invalidRequestHandler(PublicServer.this::invalid)
                        .requestHandler(PublicServer.this::request);
                server.listen().onSuccess(s -> {
                    synchronized (bound) {
                        bound[0] = s.actualPort();
                    }
                    ready.complete();
                }).onFailure(ready::fail);
            }
        }, new DeploymentOptions().setInstances(instances)).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        synchronized (bound) {
            actualPort = bound[0];
        }
        if (LaunchMode.current() == LaunchMode.TEST) {
            // what @TestHTTPResource and RestAssured read, as Quarkus' own server would have set it
            System.setProperty("quarkus.http.test-port", String.valueOf(actualPort));
        }
        LOG.infof("Public API on http://%s:%d (%d event loops)", host, actualPort, instances);
    }

    void stop(@Observes ShutdownEvent stopping) throws Exception {
        if (deployment != null) {
            vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** The port the public server listens on (the configured one, or the one chosen when it is 0). */
    public int port() {
        return actualPort;
    }

    private HttpServerOptions options(int listenOn) {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(listenOn)
                .setIdleTimeout((int) Math.max(1, idleTimeout.toSeconds()))
                .setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setMaxInitialLineLength(maxInitialLine)
                .setMaxHeaderSize((int) maxHeaderSize.asLongValue())
                .setHandle100ContinueAutomatically(continueAutomatically)
                // h2c, by prior knowledge or upgrade: the same limits as HTTP/1.1 (HttpEdge, the routes' body limits)
                .setHttp2ClearTextEnabled(true)
                .setTcpNoDelay(true);
        Http2Settings settings = new Http2Settings();
        maxHeaderListSize.ifPresent(settings::setMaxHeaderListSize);
        options.setInitialSettings(settings);
        return options;
    }

    private void request(HttpServerRequest request) {
        String path = request.path();
        if (path != null && (PAGES.contains(path) || path.startsWith("/webjars/")) && pages != null) {
            pages.handle(request);
        } else {
            api.handle(request);
        }
    }

    /** Vert.x has set a connection up: HTTP/1.1 ones keep the head deadline, HTTP/2 ones drop it. */
    private void connected(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            HeadDeadline.connected(base.channel());
        }
    }

    private String headTimedOut(String requestId) {
        return edge.envelope(ErrorCode.REQUEST_TIMEOUT, "The request's headers did not arrive in time",
                "Send the request line and headers within " + config.headerTimeout().toSeconds() + " s", requestId);
    }

    /**
     * A request the HTTP codec could not read (a request line or headers past the hard bounds, a malformed line or
     * header): the envelope with the matching status, then the connection closes.
     */
    private void invalid(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        ErrorCode code;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            code = ErrorCode.URI_TOO_LONG;
            message = "The request line is longer than " + maxInitialLine + " bytes";
        } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
            code = ErrorCode.HEADERS_TOO_LARGE;
            message = "The request's headers are longer than " + maxHeaderSize.asLongValue() + " bytes";
        } else {
            code = ErrorCode.BAD_REQUEST;
            message = "The request line or a header is malformed";
        }
        String id = RequestIds.generate();
        LOG.debugf("Unreadable request [%s]: %s", id, cause);
        var response = request.response();
        response.setStatusCode(code.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(RequestIds.HEADER, id);
        if (request.version() != HttpVersion.HTTP_2) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        response.end(edge.envelope(code, message, null, id)).onComplete(done -> {
            if (request.version() != HttpVersion.HTTP_2) {
                request.connection().close();
            }
        });
    }
}
