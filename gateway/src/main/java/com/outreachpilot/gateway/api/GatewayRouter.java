package com.outreachpilot.gateway.api;

import com.outreachpilot.gateway.config.GatewayConfig;
import com.outreachpilot.platform.auth.KeyPrincipal;
import com.outreachpilot.gateway.domain.Principals;
import com.outreachpilot.gateway.domain.InFlight;
import com.outreachpilot.gateway.domain.RateLimiter;
import com.outreachpilot.gateway.domain.Route;
import com.outreachpilot.gateway.domain.RouteTable;
import com.outreachpilot.gateway.domain.TokenMinter;
import com.outreachpilot.platform.auth.ApiKeys;
import com.outreachpilot.platform.auth.InternalToken;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.web.HttpEdge;
import com.outreachpilot.platform.web.RequestIds;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;

/**
 * The public entry point. For every API request, in this order: a key at all (401 MISSING_AUTH), a key we
 * know and that is live (401 INVALID_API_KEY), its organization (404 ORG_NOT_FOUND), its plan (403
 * PLAN_REQUIRED), the route's scope (403 SCOPE_DENIED), the key's rate; then the request is proxied to the
 * owning service with an internal token. Keys never reach a log.
 */
@ApplicationScoped
public class GatewayRouter {

    private static final Logger LOG = Logger.getLogger(GatewayRouter.class);

    @Inject
    GatewayConfig config;

    @Inject
    Principals principals;

    @Inject
    TokenMinter tokens;

    @Inject
    RateLimiter rateLimiter;

    @Inject
    HttpEdge edge;

    @Inject
    UpstreamProxy proxy;

    @Inject
    InFlight inFlight;

    private byte[] adminToken;

    @jakarta.annotation.PostConstruct
    void init() {
        adminToken = config.adminToken().filter(t -> !t.isBlank())
                .map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    /** One request under the API's prefixes ({@link PublicServer} has given it its request id). */
    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        request.pause(); // the body is read once the caller is known
        // a body whose framing breaks (a malformed chunk) while the key is being checked is answered too: the
        // codec reports it at once, paused or not, and the connection closes after it
        request.exceptionHandler(e -> {
            if (!ctx.response().ended() && !ctx.response().closed()) {
                HttpEdge.abandonBody(ctx);
                edge.write(ctx, ErrorCode.BAD_REQUEST, "Malformed request body", "The body's framing is invalid");
            }
        });
        String malformed = malformed(ctx);
        if (malformed != null) {
            edge.refuse(ctx, ErrorCode.BAD_REQUEST, "Malformed request", malformed);
            return;
        }
        Route route = RouteTable.match(request.path());
        if (route != null) {
            // one metrics series per route where no pattern of quarkus.micrometer.binder.http-server.match-patterns
            // names the path (HttpEdge tagged it unknown until here)
            Vertx.currentContext().putLocal(HttpEdge.URL_PATH_TEMPLATE,
                    request.path().length() > route.prefix().length() ? route.prefix() + "/{path}" : route.prefix());
        }
        if (route == null) {
            edge.refuse(ctx, ErrorCode.ROUTE_NOT_FOUND, "No endpoint at " + request.method() + " " + request.path(),
                    "The API is under /api/v1; every endpoint is listed at /docs (OpenAPI: /openapi.json)");
            return;
        }
        if (tooLarge(ctx, route)) {
            return;
        }
        switch (route.access()) {
            case PUBLIC -> proxy.forward(ctx, route, null);
            case ADMIN -> admin(ctx, route);
            case API_KEY -> apiKey(ctx, route);
        }
    }

    /**
     * Why the request cannot be routed safely, or null. Access is decided and the request forwarded on one
     * path, so a path that normalizes to another ({@code /t/../api/v1/contacts}), hides a slash
     * ({@code %2F}) or has empty segments is refused rather than guessed at; so are two Host headers (RFC 9112).
     */
    static String malformed(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path == null || !path.equals(ctx.normalizedPath()) || path.contains("//") || path.contains("\\")
                || encodesSeparator(path)) {
            return "The path has dot-segments, empty segments or encoded slashes; send it in its plain form";
        }
        if (ctx.request().headers().getAll(HttpHeaders.HOST).size() > 1) {
            return "More than one Host header";
        }
        return null;
    }

    /** {@code %2F}, {@code %5C} or {@code %2E} in any case: a slash, backslash or dot the router would not see. */
    private static boolean encodesSeparator(String path) {
        if (path.indexOf('%') < 0) {
            return false;
        }
        String lower = path.toLowerCase(java.util.Locale.ROOT);
        return lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e");
    }

    private String client(RoutingContext ctx) {
        var address = ctx.request().remoteAddress();
        return address == null ? "unknown" : address.hostAddress();
    }

    /** 429 when this client address has failed to authenticate too often; checked before any lookup. */
    private boolean throttled(RoutingContext ctx) {
        if (!rateLimiter.blocked(client(ctx))) {
            return false;
        }
        ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
        edge.refuse(ctx, ErrorCode.RATE_LIMITED, "Too many failed authentications from this address", "Retry after 1 s");
        return true;
    }

    private void refuseKey(RoutingContext ctx, ErrorCode code, String message, String details) {
        rateLimiter.failedAuthentication(client(ctx));
        edge.refuse(ctx, code, message, details);
    }

    private void admin(RoutingContext ctx, Route route) {
        String presented = bearer(ctx);
        if (presented == null) {
            missing(ctx, "Send Authorization: Bearer <admin token>");
            return;
        }
        if (throttled(ctx)) {
            return;
        }
        if (adminToken == null || !MessageDigest.isEqual(adminToken, presented.getBytes(StandardCharsets.UTF_8))) {
            refuseKey(ctx, ErrorCode.INVALID_API_KEY, "Invalid admin token", null);
            return;
        }
        proxy.forward(ctx, route, tokens.tokenFor(InternalToken.admin(), route.audiences()));
    }

    private void apiKey(RoutingContext ctx, Route route) {
        String key = bearer(ctx);
        if (key == null) {
            missing(ctx, "Send Authorization: Bearer op_live_…");
            return;
        }
        if (throttled(ctx)) {
            return;
        }
        if (!ApiKeys.wellFormed(key)) {
            refuseKey(ctx, ErrorCode.INVALID_API_KEY, "Invalid API key", "The key is malformed");
            return;
        }
        principals.byHash(ApiKeys.hash(key)).onComplete(lookup -> {
            if (lookup.failed()) {
                LOG.warnf("Key lookup failed [%s]: %s", RequestIds.current(), lookup.cause().getMessage());
                edge.refuse(ctx, ErrorCode.SERVICE_UNAVAILABLE, "Authentication is temporarily unavailable",
                        "Retry shortly");
                return;
            }
            authorize(ctx, route, lookup.result());
        });
    }

    private void authorize(RoutingContext ctx, Route route, KeyPrincipal principal) {
        if (!principal.known() || principal.revoked()) {
            refuseKey(ctx, ErrorCode.INVALID_API_KEY, "Invalid API key",
                    principal.revoked() ? "The key was revoked" : "No such key");
            return;
        }
        if (!principal.orgExists()) {
            edge.refuse(ctx, ErrorCode.ORG_NOT_FOUND, "Organization deleted or invalid", null);
            return;
        }
        if (!principal.planAllowsApi()) {
            edge.refuse(ctx, ErrorCode.PLAN_REQUIRED, "API access requires a Pro or Scale plan",
                    "Current plan: " + principal.plan());
            return;
        }
        if (route.scope() != null && !principal.hasScope(route.scope())) {
            edge.refuse(ctx, ErrorCode.SCOPE_DENIED, "API key missing required scope for this endpoint",
                    "Required scope: " + route.scope());
            return;
        }
        RateLimiter.Decision decision = rateLimiter.take(principal.keyId(), principal.plan());
        if (decision != null) {
            ctx.response().putHeader("RateLimit-Policy", "\"per-key\";q=" + decision.limit() + ";w=" + decision.windowSeconds());
            ctx.response().putHeader("RateLimit", "\"per-key\";r=" + decision.remaining() + ";t=" + decision.resetSeconds());
            if (!decision.allowed()) {
                ctx.response().putHeader(HttpHeaders.RETRY_AFTER, String.valueOf(decision.retryAfterSeconds()));
                edge.refuse(ctx, ErrorCode.RATE_LIMITED, "Too many requests for this API key",
                        "Retry after " + decision.retryAfterSeconds() + " s");
                return;
            }
        }
        if (!inFlight.enter(principal.keyId())) {
            ctx.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            edge.refuse(ctx, ErrorCode.RATE_LIMITED, "Too many requests in flight for this API key",
                    "At most " + config.maxInFlightPerKey() + " at once; retry when one has been answered");
            return;
        }
        ctx.addEndHandler(ended -> inFlight.leave(principal.keyId()));
        InternalToken token = InternalToken.forKey(principal.orgId(), principal.keyId(), principal.scopes(), principal.plan());
        // a long-running route's service calls others late in its request (the chat agent's tools): its token
        // outlives the body's arrival and the route's timeout
        Duration outlive = route.limits() == Route.Limits.LONG_RUNNING
                ? config.bodyTimeout().plus(config.chatTimeout()) : Duration.ZERO;
        proxy.forward(ctx, route, tokens.tokenFor(token, route.audiences(), outlive));
    }

    private boolean tooLarge(RoutingContext ctx, Route route) {
        String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return false;
        }
        long limit = UpstreamProxy.bodyLimit(config, route);
        try {
            if (Long.parseLong(length.trim()) <= limit) {
                return false;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        edge.refuseTooLarge(ctx, limit);
        return true;
    }

    /** No bearer credentials: says whether the header is absent, empty, or of another scheme (named). */
    private void missing(RoutingContext ctx, String hint) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            edge.refuse(ctx, ErrorCode.MISSING_AUTH, "No Authorization header provided", hint);
            return;
        }
        String scheme = header.strip().split("\\s+", 2)[0];
        if (scheme.isEmpty() || scheme.equalsIgnoreCase("Bearer")) {
            edge.refuse(ctx, ErrorCode.MISSING_AUTH, "The Authorization header holds no credentials", hint);
            return;
        }
        String shown = scheme.length() > 20 || !scheme.matches("[A-Za-z0-9._~+/-]+") ? "another" : "the " + scheme;
        edge.refuse(ctx, ErrorCode.MISSING_AUTH, "The Authorization header uses " + shown + " scheme, not Bearer", hint);
    }

    private static String bearer(RoutingContext ctx) {
        String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String value = header.substring(7).trim();
        return value.isEmpty() ? null : value;
    }
}
