package com.outreachpilot.gateway;

import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.Management;
import com.outreachpilot.platform.testing.ServiceContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class GatewayServiceContractTest extends ServiceContract {

    /** The gateway's public server (its own, not Quarkus' HTTP server, whose test port it does not use). */
    @jakarta.inject.Inject
    com.outreachpilot.gateway.api.PublicServer server;

    @org.junit.jupiter.api.BeforeEach
    void toThePublicServer() {
        io.restassured.RestAssured.port = server.port();
    }

    /** The public port serves no /q/* path: the gateway's own document is on its management interface. */
    @Override
    protected RequestSpecification openApiServer() {
        return Management.given();
    }
}
