package com.outreachpilot.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.error.ErrorResponses;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.web.RequestIds;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Optional;

/**
 * Every JAX-RS endpoint of a service requires the gateway's internal token unless marked
 * {@link PublicEndpoint}. Verification (RS256, ~40 µs) is remembered per token: the gateway reuses a
 * principal's token for most of its lifetime, so most requests cost one cache lookup.
 */
@ApplicationScoped
public class InternalAuthFilter {

    private static final Logger LOG = Logger.getLogger(InternalAuthFilter.class);

    @Inject
    AuthConfig config;

    @Inject
    Caller caller;

    private volatile DefaultJWTParser parser;
    private Cache<String, Verified> verified;

    private record Verified(InternalToken token, long expiresAtMillis) {
    }

    void init(@Observes StartupEvent event) {
        verified = Caffeine.newBuilder().maximumSize(50_000).expireAfterWrite(config.cacheTtl()).build();
        if (config.publicKey().isEmpty()) {
            LOG.warn("platform.auth.public-key is not set: every request to this service will be refused");
            return;
        }
        parser = InternalTokens.parser(InternalTokens.publicKey(config.publicKey().get()), config.audience(),
                config.clockSkewSeconds());
    }

    @ServerRequestFilter(priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public Optional<RestResponse<ApiResponse<Void>>> authenticate(ContainerRequestContext request, ResourceInfo resource) {
        if (annotated(resource, PublicEndpoint.class)) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            return refuse(ErrorCode.INVALID_TOKEN, "Missing internal token",
                    "Services accept requests from the gateway only");
        }
        InternalToken token = verify(header.substring(7).trim());
        if (token == null) {
            return refuse(ErrorCode.INVALID_TOKEN, "Internal token rejected",
                    "Signature, issuer, audience or expiry check failed");
        }
        InternalToken.Role required = annotated(resource, AdminOnly.class) ? InternalToken.Role.ADMIN
                : annotated(resource, ServiceOnly.class) ? InternalToken.Role.SERVICE
                : InternalToken.Role.API_KEY;
        if (token.role() != required) {
            return refuse(ErrorCode.FORBIDDEN, switch (required) {
                case ADMIN -> "Admin API only";
                case SERVICE -> "Internal service API only";
                case API_KEY -> "This endpoint acts on an organization's data";
            }, "The token's role is " + token.role().name().toLowerCase());
        }
        caller.authenticate(token);
        return Optional.empty();
    }

    private InternalToken verify(String jwt) {
        DefaultJWTParser current = parser;
        if (current == null) {
            return null;
        }
        Verified hit = verified.getIfPresent(jwt);
        long now = com.outreachpilot.platform.time.Clock.SYSTEM.epochMillis();
        if (hit != null) {
            return hit.expiresAtMillis() > now ? hit.token() : null;
        }
        try {
            InternalTokens.Verified result = InternalTokens.verify(jwt, current);
            verified.put(jwt, new Verified(result.token(), result.expiresAtEpochSecond() * 1000L));
            return result.token();
        } catch (ParseException e) {
            LOG.debugf("Internal token rejected: %s", e.getMessage());
            return null;
        }
    }

    private static boolean annotated(ResourceInfo resource, Class<? extends java.lang.annotation.Annotation> type) {
        if (resource == null) {
            return false;
        }
        AnnotatedElement method = resource.getResourceMethod();
        AnnotatedElement clazz = resource.getResourceClass();
        return (method != null && method.isAnnotationPresent(type)) || (clazz != null && clazz.isAnnotationPresent(type));
    }

    private static Optional<RestResponse<ApiResponse<Void>>> refuse(ErrorCode code, String message, String details) {
        return Optional.of(ErrorResponses.of(RequestIds.current(), code, message, details, List.of()));
    }
}
