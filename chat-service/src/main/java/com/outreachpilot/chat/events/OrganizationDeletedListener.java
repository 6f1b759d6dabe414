package com.outreachpilot.chat.events;

import com.outreachpilot.chat.domain.Conversations;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.consumer.OrganizationDeletions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A deleted organization's chat threads and messages are deleted here too (README: data retention). */
@ApplicationScoped
public class OrganizationDeletedListener extends OrganizationDeletions {

    @Inject
    Conversations conversations;

    @Override
    protected Uni<Void> purge(OrgId org) {
        return conversations.purgeOrganization(org);
    }
}
