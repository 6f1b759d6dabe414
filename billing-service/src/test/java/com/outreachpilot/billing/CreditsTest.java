package com.outreachpilot.billing;

import com.outreachpilot.billing.domain.CreditService;
import com.outreachpilot.platform.testing.EventTap;
import com.outreachpilot.platform.testing.LocalInfraResource;
import com.outreachpilot.platform.testing.TestInfrastructure;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static com.outreachpilot.billing.BillingApi.admin;
import static com.outreachpilot.billing.BillingApi.asOrg;
import static com.outreachpilot.billing.BillingApi.createOrg;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(LocalInfraResource.class)
class CreditsTest {

    @Inject
    CreditService credits;

    /** An organization holding exactly {@code balance} credits. */
    static String orgWithBalance(String plan, long balance) {
        String org = createOrg("Credits " + UUID.randomUUID(), plan);
        long current = ((Number) admin().get("/admin/v1/orgs/" + org).then().extract().path("data.credits_remaining")).longValue();
        if (current != balance) {
            admin().body(Map.of("amount", balance - current, "reason", "test setup"))
                    .post("/admin/v1/orgs/" + org + "/credits").then().statusCode(200)
                    .body("data.credits_remaining", equalTo((int) balance));
        }
        return org;
    }

    static Response reserve(String org, String key, long amount) {
        return asOrg(org).body(Map.of("idempotency_key", key, "amount", amount)).post("/internal/v1/credits/reservations");
    }

    static long[] balanceAndLedgerSum(String org) throws Exception {
        try (Connection c = DriverManager.getConnection(TestInfrastructure.jdbcUrl());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select o.credits_balance, (select coalesce(sum(amount), 0) from billing.credit_ledger l"
                     + " where l.org_id = o.id) from billing.organization o where o.id = '" + org + "'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2)};
        }
    }

    @Test
    void creditsEndpointAnswersExactlyAsTheReference() {
        String org = createOrg("Reference", "pro");
        asOrg(org).get("/api/v1/credits").then().statusCode(200)
                .body("ok", equalTo(true))
                .body("data.credits_remaining", equalTo(5000))
                .body("data.credits_monthly", equalTo(5000))
                .body("data.plan_tier", equalTo("pro"))
                .body("data.credits_reset_at", notNullValue())
                .body("data.size()", equalTo(4));
    }

    @Test
    void anOrganizationThatDoesNotExistIsOrgNotFound() {
        asOrg(UUID.randomUUID().toString()).get("/api/v1/credits").then().statusCode(404)
                .body("error.code", equalTo("ORG_NOT_FOUND"));
        asOrg("org-not-a-uuid").get("/api/v1/credits").then().statusCode(404).body("error.code", equalTo("ORG_NOT_FOUND"));
    }

    @Test
    void concurrentReservationsNeverOverdraw() throws Exception {
        String org = orgWithBalance("pro", 50);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String key = "test:concurrent:" + i;
                results.add(pool.submit(() -> reserve(org, key, 1).statusCode()));
            }
            int ok = 0;
            int refused = 0;
            for (Future<Integer> result : results) {
                int status = result.get();
                if (status == 200) {
                    ok++;
                } else if (status == 402) {
                    refused++;
                }
            }
            assertEquals(50, ok);
            assertEquals(150, refused);
        } finally {
            pool.shutdownNow();
        }
        long[] state = balanceAndLedgerSum(org);
        assertEquals(0, state[0]);
        assertEquals(state[0], state[1], "balance equals the ledger's sum");
        asOrg(org).get("/api/v1/credits").then().body("data.credits_remaining", equalTo(0));
    }

    @Test
    void sameIdempotencyKeyChargesOnce() throws Exception {
        String org = orgWithBalance("pro", 100);
        String first = reserve(org, "test:same", 5).then().statusCode(200)
                .body("data.credits_remaining", equalTo(95)).extract().path("data.id");
        reserve(org, "test:same", 5).then().statusCode(200)
                .body("data.id", equalTo(first))
                .body("data.credits_remaining", equalTo(95));
        assertEquals(95, balanceAndLedgerSum(org)[0]);
    }

    @Test
    void settleChargesTheActualAmountAndReleaseGivesEverythingBack() throws Exception {
        String org = orgWithBalance("pro", 100);
        String held = reserve(org, "test:settle", 2).then().statusCode(200).extract().path("data.id");
        asOrg(org).body(Map.of("amount", 1)).post("/internal/v1/credits/reservations/" + held + "/settle")
                .then().statusCode(200)
                .body("data.state", equalTo("settled"))
                .body("data.settled_amount", equalTo(1))
                .body("data.credits_remaining", equalTo(99));
        // settling again changes nothing
        asOrg(org).body(Map.of("amount", 1)).post("/internal/v1/credits/reservations/" + held + "/settle")
                .then().statusCode(200).body("data.credits_remaining", equalTo(99));

        String released = reserve(org, "test:release", 3).then().statusCode(200)
                .body("data.credits_remaining", equalTo(96)).extract().path("data.id");
        asOrg(org).post("/internal/v1/credits/reservations/" + released + "/release")
                .then().statusCode(200).body("data.state", equalTo("released")).body("data.credits_remaining", equalTo(99));
        asOrg(org).body(Map.of("amount", 3)).post("/internal/v1/credits/reservations/" + released + "/settle")
                .then().statusCode(422);

        String tooMuch = reserve(org, "test:too-much", 2).then().extract().path("data.id");
        asOrg(org).body(Map.of("amount", 5)).post("/internal/v1/credits/reservations/" + tooMuch + "/settle")
                .then().statusCode(422).body("error.fields[0].field", equalTo("amount"));

        long[] state = balanceAndLedgerSum(org);
        assertEquals(state[0], state[1]);

        // another organization's reservation is not found
        String other = orgWithBalance("pro", 10);
        asOrg(other).post("/internal/v1/credits/reservations/" + held + "/release").then().statusCode(404)
                .body("error.code", equalTo("RESOURCE_NOT_FOUND"));
    }

    @Test
    void insufficientCreditsIs402() {
        String org = orgWithBalance("pro", 1);
        reserve(org, "test:big", 2).then().statusCode(402).body("error.code", equalTo("INSUFFICIENT_CREDITS"));
        reserve(org, "test:bad", 0).then().statusCode(422).body("error.fields[0].field", equalTo("amount"));
    }

    @Test
    void refusesChargeKeysNotShapedAsOperationAndId() {
        String org = orgWithBalance("pro", 10);
        // a request id as the gateway assigns it (req_…) is no charge key; nothing is held for any of these
        for (String key : new String[] {"req_4f8a2c9d0e1b7a6c5d3e2f1a", "", "   ", "chat:has space", "Chat:1",
                "chat:" + "x".repeat(200)}) {
            reserve(org, key, 1).then().statusCode(422)
                    .body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.fields[0].field", equalTo("idempotency_key"));
        }
        asOrg(org).body(Map.of("amount", 1)).post("/internal/v1/credits/reservations").then().statusCode(422)
                .body("error.fields[0].field", equalTo("idempotency_key"));
        reserve(org, "campaign:" + UUID.randomUUID() + ":send:1", 1).then().statusCode(200)
                .body("data.credits_remaining", equalTo(9));
        asOrg(org).get("/api/v1/credits").then().body("data.credits_remaining", equalTo(9));
    }

    @Test
    void ledgerListsEveryMovementNewestFirst() {
        String org = orgWithBalance("pro", 10);
        reserve(org, "test:ledger", 4).then().statusCode(200);
        asOrg(org).get("/api/v1/credits/ledger?limit=2").then().statusCode(200)
                .body("data", hasSize(2))
                .body("data[0].type", equalTo("reservation"))
                .body("data[0].amount", equalTo(-4))
                .body("data[0].balance_after", equalTo(6))
                .body("data[0].reference", equalTo("test:ledger"))
                .body("meta.total", equalTo(3))
                .body("meta.has_more", equalTo(true));
        asOrg(org).get("/api/v1/credits/ledger?limit=500").then().statusCode(422);
    }

    @Test
    void lowAndExhaustedAreAnnouncedOncePerPeriod() {
        String org = orgWithBalance("pro", 600); // 10% of 5,000 is 500
        try (EventTap tap = new EventTap("billing.events")) {
            reserve(org, "test:low-1", 150).then().statusCode(200);   // 450: low
            reserve(org, "test:low-2", 50).then().statusCode(200);    // 400: still low, no second event
            reserve(org, "test:empty", 400).then().statusCode(200);   // 0: exhausted
            // one organization's events reach Kafka in commit order: once this later event arrived, every
            // alert the reservations above could have caused arrived before it
            admin().body(Map.of("name", "after the alerts")).put("/admin/v1/orgs/" + org).then().statusCode(200);
            tap.await(e -> e.type().equals("org.updated") && org.equals(e.orgId()), Duration.ofSeconds(20));
            var exhausted = tap.seen(e -> e.type().equals("credits.exhausted") && org.equals(e.orgId()));
            assertEquals(1, exhausted.size());
            assertEquals(0, exhausted.get(0).event().data().get("credits_remaining").asLong());
            var low = tap.seen(e -> e.type().equals("credits.low") && org.equals(e.orgId()));
            assertEquals(1, low.size());
            assertEquals(450, low.get(0).event().data().get("credits_remaining").asLong());
            assertEquals(5000, low.get(0).event().data().get("credits_monthly").asLong());
        }
    }

    @Test
    void monthlyResetRestoresTheAllowanceAndMovesTheDateOneMonth() throws Throwable {
        String org = orgWithBalance("pro", 42);
        Instant due = Instant.parse(asOrg(org).get("/api/v1/credits").then().extract().path("data.credits_reset_at"));
        // the jobs run on a clock we choose: a minute early nothing is due for this organization
        VertxContextSupport.subscribeAndAwait(() -> credits.resetDue(due.minusSeconds(60)));
        asOrg(org).get("/api/v1/credits").then().body("data.credits_remaining", equalTo(42));

        VertxContextSupport.subscribeAndAwait(() -> credits.resetDue(due.plusSeconds(1)));
        String next = asOrg(org).get("/api/v1/credits").then()
                .body("data.credits_remaining", equalTo(5000)).extract().path("data.credits_reset_at");
        assertEquals(due.atZone(ZoneOffset.UTC).plusMonths(1).toInstant(), Instant.parse(next));
        asOrg(org).get("/api/v1/credits/ledger?limit=1").then().body("data[0].type", equalTo("monthly_reset"))
                .body("data[0].amount", equalTo(5000 - 42));

        // running again at the same instant (another replica, a retry) resets nothing twice
        VertxContextSupport.subscribeAndAwait(() -> credits.resetDue(due.plusSeconds(1)));
        asOrg(org).get("/api/v1/credits/ledger").then()
                .body("data.findAll { it.type == 'monthly_reset' }.size()", equalTo(1));
        long[] state = balanceAndLedgerSum(org);
        assertEquals(state[0], state[1]);
    }

    @Test
    void unsettledReservationsExpire() throws Throwable {
        String org = orgWithBalance("pro", 10);
        reserve(org, "test:forgotten", 4).then().statusCode(200).body("data.credits_remaining", equalTo(6));
        VertxContextSupport.subscribeAndAwait(() -> credits.releaseExpired(Clock.SYSTEM.now().plus(Duration.ofHours(1))));
        asOrg(org).get("/api/v1/credits").then().body("data.credits_remaining", equalTo(10));
    }

    @Test
    void grantAndRemovalAreRecorded() throws Exception {
        String org = orgWithBalance("pro", 10);
        admin().body(Map.of("amount", -11)).post("/admin/v1/orgs/" + org + "/credits").then().statusCode(422);
        admin().body(Map.of("amount", 0)).post("/admin/v1/orgs/" + org + "/credits").then().statusCode(422);
        admin().body(Map.of("amount", 5, "reason", "goodwill")).post("/admin/v1/orgs/" + org + "/credits")
                .then().statusCode(200).body("data.credits_remaining", equalTo(15));
        asOrg(org).get("/api/v1/credits/ledger?limit=1").then()
                .body("data[0].type", equalTo("grant")).body("data[0].reason", equalTo("goodwill"));
        long[] state = balanceAndLedgerSum(org);
        assertTrue(state[0] == 15 && state[1] == 15);
    }

    @Test
    void grantsAtTheLimitsOfANumberAreRefusedNotOverflowed() {
        String org = orgWithBalance("pro", 10);
        for (String amount : new String[] {"9223372036854775807", "-9223372036854775808", "1000000000001",
                "99999999999999999999"}) {
            admin().body("{\"amount\":" + amount + "}").post("/admin/v1/orgs/" + org + "/credits")
                    .then().statusCode(422).body("error.code", equalTo("VALIDATION_ERROR"))
                    .body("error.fields[0].field", equalTo("amount"));
        }
        asOrg(org).get("/api/v1/credits").then().body("data.credits_remaining", equalTo(10));
    }
}
