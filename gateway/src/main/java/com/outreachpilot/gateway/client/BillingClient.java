package com.outreachpilot.gateway.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.gateway.domain.Principal;
import com.outreachpilot.gateway.domain.RouteTable;
import com.outreachpilot.gateway.domain.TokenMinter;
import com.outreachpilot.platform.auth.InternalToken;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.ArrayList;
import java.util.List;
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

    /** The principal for a key hash; {@link Principal#UNKNOWN} if billing knows no such key. */
    public Future<Principal> resolve(String keyHash) {
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
                        return Principal.UNKNOWN;
                    }
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("billing-service answered " + response.statusCode());
                    }
                    return parse(body.toString());
                }));
    }

    private Principal parse(String json) {
        try {
            JsonNode data = mapper.readTree(json).path("data");
            List<String> scopes = new ArrayList<>();
            data.path("scopes").forEach(s -> scopes.add(s.asText()));
            return new Principal(data.path("key_id").asText(), data.path("org_id").asText(),
                    data.path("org_exists").asBoolean(), data.path("plan").asText(null), List.copyOf(scopes),
                    data.path("revoked").asBoolean());
        } catch (Exception e) {
            throw new IllegalStateException("Unreadable answer from billing-service", e);
        }
    }
}
