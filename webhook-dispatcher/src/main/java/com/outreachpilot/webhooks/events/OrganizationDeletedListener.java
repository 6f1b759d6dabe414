package com.outreachpilot.webhooks.events;

import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.consumer.OrganizationDeletions;
import com.outreachpilot.webhooks.domain.SubscriptionService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A deleted organization's webhooks and delivery log are deleted here too (README: data retention). */
@ApplicationScoped
public class OrganizationDeletedListener extends OrganizationDeletions {

    @Inject
    SubscriptionService subscriptions;



    @Override
    protected Uni<Void> purge(OrgId org) {
        return subscriptions.purgeOrganization(org);
    }
}
