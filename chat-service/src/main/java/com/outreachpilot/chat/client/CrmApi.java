package com.outreachpilot.chat.client;

import com.outreachpilot.chat.config.ChatConfig;
import com.outreachpilot.platform.client.ServiceCall;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * The other services' public APIs, which the agent's tools act through with the caller's token (never their
 * databases): contacts-service for contacts and companies, campaigns-service for campaigns.
 */
@ApplicationScoped
public class CrmApi {

    /** Which service a call goes to. */
    public enum Service { CONTACTS, CAMPAIGNS, BILLING, WEBHOOKS }

    @Inject
    ChatConfig config;

    private ServiceCall contacts;
    private ServiceCall campaigns;
    private ServiceCall billing;
    private ServiceCall webhooks;

    void init(@Observes StartupEvent event) {
        contacts = new ServiceCall(config.services().contactsUrl(), config.services().timeout());
        campaigns = new ServiceCall(config.services().campaignsUrl(), config.services().timeout());
        billing = new ServiceCall(config.services().billingUrl(), config.services().timeout());
        webhooks = new ServiceCall(config.services().webhooksUrl(), config.services().timeout());
    }

    public Uni<ServiceCall.Answer> call(Service service, String token, String method, String pathAndQuery, Object body) {
        ServiceCall target = switch (service) {
            case CONTACTS -> contacts;
            case CAMPAIGNS -> campaigns;
            case BILLING -> billing;
            case WEBHOOKS -> webhooks;
        };
        return target.send(token, method, pathAndQuery, body);
    }
}
