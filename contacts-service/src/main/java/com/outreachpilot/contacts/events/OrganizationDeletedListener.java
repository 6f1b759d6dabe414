package com.outreachpilot.contacts.events;

import com.outreachpilot.contacts.domain.ContactService;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.consumer.OrganizationDeletions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** A deleted organization's contacts, companies and folders are deleted here too (README: data retention). */
@ApplicationScoped
public class OrganizationDeletedListener extends OrganizationDeletions {

    @Inject
    ContactService contacts;



    @Override
    protected Uni<Void> purge(OrgId org) {
        return contacts.purgeOrganization(org);
    }
}
