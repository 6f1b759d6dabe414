package com.outreachpilot.billing.domain;

import com.outreachpilot.billing.api.BillingViews.ApiKeyView;
import com.outreachpilot.billing.api.BillingViews.CreatedApiKey;
import com.outreachpilot.billing.api.BillingViews.KeyPrincipal;
import com.outreachpilot.billing.events.BillingEvents;
import com.outreachpilot.billing.repository.ApiKeyRepository;
import com.outreachpilot.billing.repository.OrganizationRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.events.EventType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    @WithTransaction
    public Uni<CreatedApiKey> create(UUID orgId, String name, List<String> scopes) {
        return organizations.findActive(orgId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Organization"))
                .chain(org -> {
                    String secret = ApiKeySecrets.generate();
                    ApiKey key = new ApiKey();
                    key.id = Ids.newUuid();
                    key.orgId = org.id;
                    key.keyHash = ApiKeySecrets.hash(secret);
                    key.prefix = ApiKeySecrets.displayPrefix(secret);
                    key.name = name.trim();
                    key.scopes = Scopes.store(scopes);
                    key.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    return apiKeys.persist(key)
                            .call(() -> outbox.append(BillingEvents.apiKey(EventType.APIKEY_CREATED, key)))
                            .map(saved -> new CreatedApiKey(key.id.toString(), secret, key.prefix, key.name,
                                    key.scopeList(), key.createdAt));
                });
    }

    @WithSession
    public Uni<List<ApiKeyView>> list(UUID orgId) {
        return organizations.findActive(orgId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("Organization"))
                .chain(org -> apiKeys.listForOrg(org.id))
                .map(keys -> keys.stream().map(ApiKeyView::of).toList());
    }

    /** Revokes a key (idempotent); the gateway drops it from its cache on {@code apikey.revoked}. */
    @WithTransaction
    public Uni<ApiKeyView> revoke(UUID keyId) {
        return apiKeys.findById(keyId)
                .onItem().ifNull().failWith(() -> ApiException.notFound("API key"))
                .chain(key -> {
                    if (key.revokedAt != null) {
                        return Uni.createFrom().item(ApiKeyView.of(key));
                    }
                    key.revokedAt = Instant.now();
                    return outbox.append(BillingEvents.apiKey(EventType.APIKEY_REVOKED, key))
                            .replaceWith(ApiKeyView.of(key));
                });
    }

    /**
     * The principal behind a key hash, or null when no key has this hash: one indexed read, no transaction.
     * Use is recorded in memory and written in batches ({@link KeyUsage}), so lookups never wait on a write.
     */
    public Uni<KeyPrincipal> resolve(String keyHash) {
        return apiKeys.principal(keyHash).invoke(principal -> {
            if (principal != null && !principal.revoked() && principal.orgExists()) {
                usage.used(UUID.fromString(principal.keyId()));
            }
        });
    }
}
