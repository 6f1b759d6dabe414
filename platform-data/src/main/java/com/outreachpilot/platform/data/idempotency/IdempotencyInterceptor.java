package com.outreachpilot.platform.data.idempotency;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.ErrorBody;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.error.ErrorResponses;
import com.outreachpilot.platform.web.RequestIds;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.ResponseStatus;
import org.jboss.resteasy.reactive.RestResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Implements {@link Idempotent}. Runs outside the method's own transaction: the key is claimed and committed
 * first (so a concurrent duplicate sees it and gets 409), the method runs, then its response is stored.
 * A response is stored for success and for client errors the method raised; an unexpected failure frees the
 * key so a retry runs again.
 */
@Idempotent
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE)
public class IdempotencyInterceptor {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";

    @Inject
    IdempotencyStore store;

    @Inject
    Caller caller;

    @Inject
    HttpServerRequest request;

    @Inject
    ObjectMapper mapper;

    @AroundInvoke
    Object around(InvocationContext invocation) throws Exception {
        String key = request.getHeader(HEADER);
        if (key == null) {
            return invocation.proceed();
        }
        if (key.isBlank() || key.length() > 255) {
            throw ApiException.invalid(HEADER, "must be 1 to 255 characters");
        }
        String scope = caller.isAdmin() ? "admin" : caller.orgId().toString();
        String fingerprint = fingerprint(invocation);
        return store.claim(scope, key, fingerprint).chain(claim -> {
            if (claim instanceof IdempotencyStore.Claim.Owned) {
                return run(invocation, scope, key);
            }
            if (claim instanceof IdempotencyStore.Claim.Replay replay) {
                return Uni.createFrom().item(replay(replay));
            }
            if (claim instanceof IdempotencyStore.Claim.InFlight) {
                return Uni.createFrom().failure(new ApiException(ErrorCode.IDEMPOTENCY_KEY_IN_USE,
                        "A request with this Idempotency-Key is still in progress", "Retry after it has finished"));
            }
            return Uni.createFrom().failure(new ApiException(ErrorCode.IDEMPOTENCY_KEY_REUSED,
                    "This Idempotency-Key was used with a different request", "Use a new key for a new request"));
        });
    }

    private Uni<Object> run(InvocationContext invocation, String scope, String key) {
        Uni<?> result;
        try {
            result = (Uni<?>) invocation.proceed();
        } catch (Exception e) {
            result = Uni.createFrom().failure(e);
        }
        return result.onItem().transformToUni(value -> store.complete(scope, key, status(invocation, value),
                        redacted(body(value), invocation))
                        .replaceWith((Object) value))
                .onFailure().call(failure -> failure instanceof ApiException api
                        ? store.complete(scope, key, api.code().status(), errorBody(api))
                        : store.release(scope, key));
    }

    private Object replay(IdempotencyStore.Claim.Replay replay) {
        try {
            return RestResponse.ResponseBuilder.create(ErrorResponses.status(replay.status()), (Object) mapper.readTree(replay.body()))
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .header(REPLAYED_HEADER, "true")
                    .build();
        } catch (Exception e) {
            throw new IllegalStateException("Stored idempotent response is unreadable", e);
        }
    }

    private static int status(InvocationContext invocation, Object value) {
        if (value instanceof RestResponse<?> rest) {
            return rest.getStatus();
        }
        if (value instanceof Response response) {
            return response.getStatus();
        }
        ResponseStatus annotated = invocation.getMethod().getAnnotation(ResponseStatus.class);
        return annotated != null ? annotated.value() : 200;
    }

    private String body(Object value) {
        Object entity = value instanceof RestResponse<?> rest ? rest.getEntity()
                : value instanceof Response response ? response.getEntity() : value;
        return json(entity);
    }

    /** The answer without the secrets its method names ({@link Idempotent#secrets}). */
    private String redacted(String body, InvocationContext invocation) {
        Idempotent marked = invocation.getMethod().getAnnotation(Idempotent.class);
        if (marked == null || marked.secrets().length == 0) {
            return body;
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = mapper.readTree(body);
            if (tree.path("data") instanceof com.fasterxml.jackson.databind.node.ObjectNode data) {
                for (String secret : marked.secrets()) {
                    if (data.has(secret)) {
                        data.putNull(secret);
                    }
                }
                if (tree.path("meta") instanceof com.fasterxml.jackson.databind.node.ObjectNode meta) {
                    meta.put("secret_redacted", true);
                }
            }
            return mapper.writeValueAsString(tree);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Response cannot be stored for idempotent replay", e);
        }
    }

    private String errorBody(ApiException e) {
        return json(ApiResponse.error(ErrorBody.of(e.code(), e.getMessage(), e.details(), e.fields()),
                RequestIds.current()));
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Response cannot be stored for idempotent replay", e);
        }
    }

    /** Same key + same method, path, query and arguments = same request. */
    private String fingerprint(InvocationContext invocation) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update((request.method().name() + " " + request.uri() + "\n").getBytes(StandardCharsets.UTF_8));
        for (Object parameter : invocation.getParameters()) {
            digest.update(canonical(parameter).getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private String canonical(Object parameter) {
        if (parameter == null || parameter instanceof CharSequence || parameter instanceof Number
                || parameter instanceof Boolean) {
            return String.valueOf(parameter);
        }
        try {
            return mapper.writeValueAsString(parameter);
        } catch (Exception e) {
            return parameter.getClass().getName();
        }
    }
}
