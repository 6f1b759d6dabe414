package com.outreachpilot.platform.testing;

import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;

/**
 * What every service promises operators and the gateway, whatever its domain: liveness and readiness
 * (its database and Kafka), Prometheus metrics, an OpenAPI document, and the error envelope with a request
 * id even for a path it does not serve. Each service runs it with {@code class XServiceContractTest extends
 * ServiceContract} in its own Quarkus boot.
 */
public abstract class ServiceContract {

    @Test
    void isLive() {
        Management.given().when().get("/q/health/live")
                .then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void isReadyWithItsDependencies() {
        Management.given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        Management.given().when().get("/q/metrics")
                .then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void theApiPortServesNoManagementEndpoint() {
        for (String path : new String[]{"/q/health", "/q/health/ready", "/q/metrics"}) {
            RestAssured.given().when().get(path).then().statusCode(404).body("ok", equalTo(false));
        }
    }

    @Test
    void pathsNoEndpointServesNeverBecomeMetricSeries() {
        for (int i = 0; i < 5; i++) {
            RestAssured.given().when().get("/api/v1/made-up-path-" + i + "/x").then().statusCode(404);
        }
        Management.given().when().get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("made-up-path")));
    }

    @Test
    void publishesItsOpenApiDocument() {
        openApiServer().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).body("openapi", matchesPattern("3\\..*"));
    }

    /** Where the service's own document is: a service's API port, which the gateway merges it from. */
    protected io.restassured.specification.RequestSpecification openApiServer() {
        return RestAssured.given();
    }

    @Test
    void answersUnknownRoutesInTheEnvelope() {
        RestAssured.given().when().get("/api/v1/no-such-route-here")
                .then().statusCode(404)
                .header("X-Request-Id", matchesPattern("req_[a-z0-9]{24}"))
                .body("ok", equalTo(false))
                .body("error.code", equalTo("ROUTE_NOT_FOUND"))
                .body("error.docs_url", equalTo("/docs#route_not_found"))
                .body("meta.request_id", matchesPattern("req_[a-z0-9]{24}"))
                .body("meta.timestamp", notNullValue());
    }
}
