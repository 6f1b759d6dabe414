package com.outreachpilot.campaigns;

import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.ServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
@QuarkusTestResource(ContactsService.class)
@QuarkusTestResource(SmtpSink.class)
class CampaignsServiceContractTest extends ServiceContract {
}
