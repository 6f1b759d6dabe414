package com.outreachpilot.billing.domain;

import com.outreachpilot.billing.events.BillingEvents;
import com.outreachpilot.billing.repository.ApiKeyRepository;
import com.outreachpilot.billing.repository.OrganizationRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.ApiKeys;
import com.outreachpilot.platform.auth.KeyPrincipal;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.UUID;

/** API keys: created once with their secret, then known only by hash. */
@ApplicationScoped
public class ApiKeyService {

    @Inject
    ApiKeyRepository apiKeys;

    @Inject
    OrganizationRepository organizations;

    @Inject
    Outbox outbox;

    @Inject
    KeyUsage usage;

    @Inject
    Clock clock;

    @WithTransaction
    public Uni<IssuedApiKey> create(UUID orgId, String name, List<String> scopes) {
        return organizations.findActive(orgId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Organization"))
                .chain(org -> {
                    String secret = ApiKeys.generate();
                    ApiKey key = new ApiKey();
                    key.id = Ids.newUuid();
                    key.orgId = org.id;
                    key.keyHash = ApiKeys.hash(secret);
                    key.prefix = ApiKeys.displayPrefix(secret);
                    key.name = name.trim();
                    key.scopes = Scopes.store(scopes);
                    key.createdAt = clock.now();
                    return apiKeys.persist(key)
                            .call(() -> outbox.append(BillingEvents.apiKey(EventType.APIKEY_CREATED, key)))
                            .replaceWith(new IssuedApiKey(key, secret));
                });
    }

    @WithSession
    public Uni<List<ApiKey>> list(UUID orgId) {
        return organizations.findActive(orgId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Organization"))
                .chain(org -> apiKeys.listForOrg(org.id));
    }

    /** Revokes a key (idempotent); the gateway drops it from its cache on {@code apikey.revoked}. */
    @WithTransaction
    public Uni<ApiKey> revoke(UUID keyId) {
        return apiKeys.findById(keyId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("API key"))
                .chain(key -> {
                    if (key.revokedAt != null) {
                        return Uni.createFrom().item(key);
                    }
                    key.revokedAt = clock.now();
                    return outbox.append(BillingEvents.apiKey(EventType.APIKEY_REVOKED, key)).replaceWith(key);
                });
    }

    /**
     * The principal behind a key hash, or {@link KeyPrincipal#UNKNOWN}: one indexed read, no transaction.
     * Use is recorded in memory and written in batches ({@link KeyUsage}), so lookups never wait on a write.
     */
    public Uni<KeyPrincipal> resolve(String keyHash) {
        return apiKeys.principal(keyHash).invoke(principal -> {
            if (principal.known() && !principal.revoked() && principal.orgExists()) {
                usage.used(UUID.fromString(principal.keyId()));
            }
        });
    }
}
