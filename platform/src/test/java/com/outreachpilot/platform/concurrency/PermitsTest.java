package com.outreachpilot.platform.concurrency;

import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Turns for heavy work: how many run at once, in which order the waiting ones go, and what ends a wait. */
class PermitsTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A piece of work that runs until {@link #finish()}, recording when it started. */
    private static final class Work {
        final String name;
        final List<String> started;
        final CompletableFuture<String> done = new CompletableFuture<>();
        final CompletableFuture<Object> answered = new CompletableFuture<>();
        volatile Context ranOn;

        Work(String name, List<String> started) {
            this.name = name;
            this.started = started;
        }

        Uni<String> uni() {
            return Uni.createFrom().deferred(() -> {
                ranOn = Vertx.currentContext();
                started.add(name);
                return Uni.createFrom().completionStage(done);
            });
        }

        void finish() {
            done.complete(name);
        }
    }

    private static Cancellable submit(Permits permits, String key, Work work) {
        return permits.run(key, work::uni).subscribe().with(work.answered::complete, work.answered::complete);
    }

    private static void eventually(Runnable check) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    @Test
    void atMostTheSlotsRunAndTheKeysTakeTurns() throws Exception {
        Permits permits = new Permits("imports", 1, Duration.ofSeconds(30), vertx);
        List<String> started = new CopyOnWriteArrayList<>();
        Work a1 = new Work("a1", started), a2 = new Work("a2", started), a3 = new Work("a3", started);
        Work b1 = new Work("b1", started), c1 = new Work("c1", started);
        submit(permits, "a", a1);
        submit(permits, "a", a2);
        submit(permits, "a", a3);
        submit(permits, "b", b1);
        submit(permits, "c", c1);
        eventually(() -> assertEquals(List.of("a1"), started));
        assertEquals(1, permits.inUse());
        assertEquals(4, permits.waiting());

        // a's second batch was queued first, but b and c each get a turn before a's third
        for (Work finishing : List.of(a1, a2, b1, c1)) {
            finishing.finish();
            assertEquals(finishing.name, finishing.answered.get(5, TimeUnit.SECONDS));
        }
        eventually(() -> assertEquals(List.of("a1", "a2", "b1", "c1", "a3"), started));
        a3.finish();
        assertEquals("a3", a3.answered.get(5, TimeUnit.SECONDS));
        eventually(() -> assertEquals(0, permits.inUse()));
        assertEquals(0, permits.waiting());
    }

    @Test
    void aFailedOrCancelledPieceGivesItsSlotBack() throws Exception {
        Permits permits = new Permits("imports", 2, Duration.ofSeconds(30), vertx);
        List<String> started = new CopyOnWriteArrayList<>();
        Work failing = new Work("failing", started), cancelled = new Work("cancelled", started);
        Work queued = new Work("queued", started), left = new Work("left", started), last = new Work("last", started);
        submit(permits, "a", failing);
        Cancellable running = submit(permits, "b", cancelled);
        Cancellable waiting = submit(permits, "c", left);
        submit(permits, "d", queued);
        submit(permits, "e", last);
        eventually(() -> assertEquals(List.of("failing", "cancelled"), started));
        assertEquals(3, permits.waiting());

        waiting.cancel(); // a client that went away while waiting leaves the queue
        eventually(() -> assertEquals(2, permits.waiting()));
        failing.done.completeExceptionally(new IllegalStateException("refused"));
        assertInstanceOf(IllegalStateException.class, failing.answered.get(5, TimeUnit.SECONDS));
        running.cancel(); // and one that went away while running gives its slot back
        eventually(() -> assertEquals(List.of("failing", "cancelled", "queued", "last"), started));
        queued.finish();
        last.finish();
        assertEquals("last", last.answered.get(5, TimeUnit.SECONDS));
        eventually(() -> assertEquals(0, permits.inUse()));
        assertEquals(0, permits.waiting());
        assertTrue(!started.contains("left"));
    }

    @Test
    void aWaiterThatWaitsTooLongIsToldTheServiceIsBusy() throws Exception {
        Permits permits = new Permits("imports", 1, Duration.ofMillis(200), vertx);
        List<String> started = new CopyOnWriteArrayList<>();
        Work holding = new Work("holding", started), late = new Work("late", started);
        submit(permits, "a", holding);
        submit(permits, "b", late);
        Object answer = late.answered.get(5, TimeUnit.SECONDS);
        ApiException busy = assertInstanceOf(ApiException.class, answer);
        assertEquals(ErrorCode.SERVICE_UNAVAILABLE, busy.code());
        assertEquals(0, permits.waiting());
        holding.finish();
        eventually(() -> assertEquals(0, permits.inUse()));
        assertEquals(List.of("holding"), started);
    }

    @Test
    void aWaiterResumesOnItsOwnContext() throws Exception {
        Permits permits = new Permits("imports", 1, Duration.ofSeconds(30), vertx);
        List<String> started = new CopyOnWriteArrayList<>();
        Work first = new Work("first", started), second = new Work("second", started);
        Context one = vertx.getOrCreateContext();
        Context two = ((io.vertx.core.impl.ContextInternal) vertx.getOrCreateContext()).duplicate();
        one.runOnContext(v -> submit(permits, "a", first));
        eventually(() -> assertEquals(List.of("first"), started));
        AtomicInteger submitted = new AtomicInteger();
        two.runOnContext(v -> {
            submit(permits, "b", second);
            submitted.incrementAndGet();
        });
        eventually(() -> assertEquals(1, submitted.get()));
        one.runOnContext(v -> first.finish()); // the slot is given back on the first request's context
        eventually(() -> assertEquals(List.of("first", "second"), started));
        assertSame(two, second.ranOn);
        second.finish();
        assertEquals("second", second.answered.get(5, TimeUnit.SECONDS));
    }
}
