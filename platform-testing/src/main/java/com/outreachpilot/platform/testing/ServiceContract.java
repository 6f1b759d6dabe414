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
        RestAssured.given().when().get("/q/health/live")
                .then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void isReadyWithItsDependencies() {
        RestAssured.given().when().get("/q/health/ready")
                .then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void exposesPrometheusMetrics() {
        RestAssured.given().when().get("/q/metrics")
                .then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        RestAssured.given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).body("openapi", matchesPattern("3\\..*"));
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
