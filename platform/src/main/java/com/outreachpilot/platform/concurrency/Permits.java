package com.outreachpilot.platform.concurrency;

import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Admission for heavy work (bulk imports): at most {@code slots} pieces of it run at once, the others wait their
 * turn without holding a thread or a database connection. Turns go round the keys (organizations): one that
 * queued fifty batches does not hold back another's first one. A waiter resumes on its own Vert.x context, as
 * a reactive session requires; one that waits longer than {@code maxWait} is answered {@code 503
 * SERVICE_UNAVAILABLE}, and one whose client went away leaves the queue.
 *
 * <p>On two cores, four bulk imports at once put every list and search of other organizations at p99 200–400 ms;
 * with one at a time they stay near their idle times (bench/RESULTS.md).
 */
public final class Permits {

    private final String name;
    private final int slots;
    private final Duration maxWait;
    private final Vertx vertx;
    /** Waiters per key, keys in turn order: the first key's head is served next, then that key goes last. */
    private final Map<String, ArrayDeque<Waiter>> queues = new LinkedHashMap<>();
    private int inUse;
    private int waiting;

    public Permits(String name, int slots, Duration maxWait, Vertx vertx) {
        if (slots < 1) {
            throw new IllegalArgumentException(name + ": at least one slot");
        }
        this.name = name;
        this.slots = slots;
        this.maxWait = maxWait;
        this.vertx = vertx;
    }

    /** {@code work} once a slot is free, the slot given back however it ends (item, failure or cancellation). */
    public <T> Uni<T> run(String key, Supplier<Uni<T>> work) {
        return acquire(key).onItem().transformToUni(permit -> Uni.createFrom().<T>deferred(() -> work.get())
                .onTermination().invoke(permit::release));
    }

    public synchronized int inUse() {
        return inUse;
    }

    public synchronized int waiting() {
        return waiting;
    }

    private Uni<Permit> acquire(String key) {
        return Uni.createFrom().deferred(() -> {
            Waiter waiter = new Waiter(Vertx.currentContext());
            return Uni.createFrom().<Permit>emitter(emitter -> {
                waiter.emitter = emitter;
                boolean now;
                synchronized (this) {
                    now = inUse < slots && waiting == 0;
                    if (now) {
                        inUse++;
                    } else {
                        queues.computeIfAbsent(key, k -> new ArrayDeque<>()).addLast(waiter);
                        waiting++;
                    }
                }
                if (now) {
                    waiter.state.set(Waiter.GRANTED);
                    emitter.complete(new Permit());
                    return;
                }
                waiter.timer = vertx.setTimer(Math.max(1, maxWait.toMillis()), id -> {
                    if (withdraw(key, waiter)) {
                        waiter.resume(() -> emitter.fail(new ApiException(ErrorCode.SERVICE_UNAVAILABLE,
                                "The service is busy with other " + name,
                                "Waited " + maxWait.toSeconds() + " s for a turn; retry shortly")));
                    }
                });
            }).onCancellation().invoke(() -> {
                waiter.cancelled = true;
                if (withdraw(key, waiter)) {
                    vertx.cancelTimer(waiter.timer);
                }
            });
        });
    }

    /** Takes a waiter out of its queue; false when it was already handed a slot (or withdrawn). */
    private synchronized boolean withdraw(String key, Waiter waiter) {
        if (!waiter.state.compareAndSet(Waiter.WAITING, Waiter.GONE)) {
            return false;
        }
        ArrayDeque<Waiter> queue = queues.get(key);
        if (queue != null && queue.remove(waiter)) {
            waiting--;
            if (queue.isEmpty()) {
                queues.remove(key);
            }
        }
        return true;
    }

    /** A slot came free: the next key's oldest waiter gets it, or it stays free. */
    private void release() {
        Waiter next = null;
        synchronized (this) {
            Iterator<Map.Entry<String, ArrayDeque<Waiter>>> keys = queues.entrySet().iterator();
            while (next == null && keys.hasNext()) {
                Map.Entry<String, ArrayDeque<Waiter>> first = keys.next();
                ArrayDeque<Waiter> queue = first.getValue();
                Waiter candidate = queue.pollFirst();
                waiting--;
                keys.remove();
                if (!queue.isEmpty()) {
                    queues.put(first.getKey(), queue); // its next waiter goes behind every other key's
                }
                if (candidate.state.compareAndSet(Waiter.WAITING, Waiter.GRANTED)) {
                    next = candidate;
                }
                keys = queues.entrySet().iterator();
            }
            if (next == null) {
                inUse--;
                return;
            }
        }
        vertx.cancelTimer(next.timer);
        Waiter chosen = next;
        chosen.resume(() -> {
            if (chosen.cancelled) {
                new Permit().release(); // the client left between its turn and now: pass the slot on
            } else {
                chosen.emitter.complete(new Permit());
            }
        });
    }

    private final class Permit {
        private final AtomicBoolean released = new AtomicBoolean();

        void release() {
            if (released.compareAndSet(false, true)) {
                Permits.this.release();
            }
        }
    }

    private static final class Waiter {
        static final int WAITING = 0;
        static final int GRANTED = 1;
        static final int GONE = 2;

        final Context context;
        final AtomicInteger state = new AtomicInteger(WAITING);
        volatile UniEmitter<? super Permit> emitter;
        volatile long timer;
        volatile boolean cancelled;

        Waiter(Context context) {
            this.context = context;
        }

        /** Runs on the waiter's own Vert.x context (where its request and its reactive session live). */
        void resume(Runnable action) {
            if (context == null) {
                action.run();
            } else {
                context.runOnContext(v -> action.run());
            }
        }
    }
}
