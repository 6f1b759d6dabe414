package com.outreachpilot.gateway.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.platform.auth.KeyPrincipal;
import com.outreachpilot.gateway.domain.RouteTable;
import com.outreachpilot.gateway.domain.TokenMinter;
import com.outreachpilot.platform.auth.InternalToken;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Set;

/** Resolves API key hashes through billing-service's internal API. */
@ApplicationScoped
public class BillingClient {

    private static final InternalToken GATEWAY = InternalToken.service("gateway");

    @Inject
    Upstreams upstreams;

    @Inject
    TokenMinter tokens;

    @Inject
    ObjectMapper mapper;

    /** The principal for a key hash; {@link KeyPrincipal#UNKNOWN} if billing knows no such key. */
    public Future<KeyPrincipal> resolve(String keyHash) {
        String token = tokens.tokenFor(GATEWAY, Set.of(RouteTable.audience(RouteTable.BILLING)));
        return upstreams.client().request(new RequestOptions()
                        .setServer(upstreams.address(RouteTable.BILLING))
                        .setMethod(HttpMethod.GET)
                        .setURI("/internal/v1/api-keys/" + keyHash)
                        .setIdleTimeout(5_000)
                        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token))
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> {
                    if (response.statusCode() == 404) {
                        return KeyPrincipal.UNKNOWN;
                    }
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("billing-service answered " + response.statusCode());
                    }
                    return parse(body.toString());
                }));
    }

    private KeyPrincipal parse(String json) {
        try {
            return mapper.treeToValue(mapper.readTree(json).path("data"), KeyPrincipal.class);
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable answer from billing-service", e);
        }
    }
}
