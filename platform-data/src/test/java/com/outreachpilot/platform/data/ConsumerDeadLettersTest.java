package com.outreachpilot.platform.data;

import com.outreachpilot.platform.data.app.PickyConsumer;
import com.outreachpilot.platform.data.consumer.ConsumerDeadLetters;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestEvents;
import com.outreachpilot.platform.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One event a consumer refuses for good never stops the events behind it on its partition. */
@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class ConsumerDeadLettersTest {

    @Test
    void aRefusedEventIsSetAsideAndTheNextOnesAreApplied() {
        String org = "org_" + UUID.randomUUID().toString().substring(0, 8);
        String bad = "bad-" + UUID.randomUUID();
        String good = "good-" + UUID.randomUUID();
        DomainEvent poison = DomainEvent.of(EventType.CONTACT_CREATED, org, bad, Map.of("poison", true));
        // same organization, so the same partition, right behind it
        TestEvents.publish(poison);
        TestEvents.publish(DomainEvent.of(EventType.CONTACT_CREATED, org, good, Map.of("poison", false)));

        await().atMost(Duration.ofSeconds(60)).until(() -> PickyConsumer.APPLIED.contains(good));
        assertFalse(PickyConsumer.APPLIED.contains(bad));
        given().header("Authorization", TestTokens.adminBearer("platform-test"))
                .get("/admin/v1/dead-letters/platform-test/consumed?limit=200").then().statusCode(200)
                .body("data.event_id", hasItem(poison.id()))
                .body("data.find { it.event_id == '" + poison.id() + "' }.consumer", equalTo("platform-test-picky"))
                .body("data.find { it.event_id == '" + poison.id() + "' }.attempts", equalTo(3))
                .body("data.find { it.event_id == '" + poison.id() + "' }.org_id", equalTo(org))
                .body("data.find { it.event_id == '" + poison.id() + "' }.error",
                        containsString("the value of poison is refused"));
        given().header("Authorization", TestTokens.adminBearer("platform-test"))
                .get("/admin/v1/dead-letters/other-service/consumed").then().statusCode(404);
    }

    @Test
    void onlyFailuresTheDataCausesAreSetAside() {
        assertTrue(ConsumerDeadLetters.permanent(new IllegalArgumentException("bad")));
        assertTrue(ConsumerDeadLetters.permanent(new RuntimeException(new NullPointerException())));
        assertTrue(ConsumerDeadLetters.permanent(new io.vertx.pgclient.PgException("x", "ERROR", "23505", "dup")));
        assertTrue(ConsumerDeadLetters.permanent(new ApiException(ErrorCode.VALIDATION_ERROR, "bad")));
        // outages and timeouts are retried, never set aside
        assertFalse(ConsumerDeadLetters.permanent(new io.vertx.pgclient.PgException("x", "FATAL", "57P01", "shutdown")));
        assertFalse(ConsumerDeadLetters.permanent(new RuntimeException(new ConnectException("refused"))));
        assertFalse(ConsumerDeadLetters.permanent(new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "down")));
        assertFalse(ConsumerDeadLetters.permanent(new io.smallrye.mutiny.TimeoutException()));
        assertFalse(ConsumerDeadLetters.permanent(new IllegalStateException("pool closed")));
    }
}
