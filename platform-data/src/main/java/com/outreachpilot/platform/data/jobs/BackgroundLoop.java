package com.outreachpilot.platform.data.jobs;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs a reactive task again and again with a pause between runs, never two runs at once, each on a fresh
 * safe Vert.x duplicated context so Hibernate Reactive sessions work as they do in a request. A failed run
 * is logged and the loop goes on after a back-off that doubles with each failure in a row (up to
 * {@link #MAX_BACKOFF}), during which wake-ups are ignored: a broker or database that is down is not hammered.
 * {@link #wake()} starts the next run now instead of after the pause.
 */
public final class BackgroundLoop {

    private static final Logger LOG = Logger.getLogger(BackgroundLoop.class);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String name;
    private final Vertx vertx;
    private final Duration pause;
    private final Supplier<Uni<Boolean>> task;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile long timerId = -1;
    private volatile int failuresInARow;

    /**
     * @param task one run; emits {@code true} when it did a full batch and should run again at once
     */
    public BackgroundLoop(String name, Vertx vertx, Duration pause, Supplier<Uni<Boolean>> task) {
        this.name = name;
        this.vertx = vertx;
        this.pause = pause;
        this.task = task;
    }

    public void start() {
        schedule(pause.toMillis());
    }

    public void stop() {
        stopped = true;
        long id = timerId;
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    /** Waits (briefly, for tests and shutdown) until no run is in progress. */
    public void awaitIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Asks for a run as soon as possible (e.g. right after a transaction wrote work for this loop). */
    public void wake() {
        if (stopped) {
            return;
        }
        if (failuresInARow > 0) {
            return; // backing off
        }
        if (!running.get()) {
            long id = timerId;
            if (id >= 0 && vertx.cancelTimer(id)) {
                schedule(0);
            }
        } else {
            wakeRequested.set(true);
        }
    }

    private void schedule(long delayMillis) {
        if (stopped) {
            return;
        }
        timerId = vertx.setTimer(Math.max(1, delayMillis), id -> runOnce());
    }

    private void runOnce() {
        if (stopped || !running.compareAndSet(false, true)) {
            return;
        }
        timerId = -1;
        wakeRequested.set(false);
        SafeContext.run(vertx, task).subscribe().with(more -> {
            failuresInARow = 0;
            running.set(false);
            schedule(Boolean.TRUE.equals(more) || wakeRequested.getAndSet(false) ? 0 : pause.toMillis());
        }, failure -> {
            int failures = ++failuresInARow;
            long backoff = Math.min(MAX_BACKOFF.toMillis(), pause.toMillis() << Math.min(failures, 16));
            LOG.warnf("%s run failed (%d in a row, next in %d ms): %s", name, failures, backoff, failure.toString());
            running.set(false);
            wakeRequested.set(false);
            schedule(backoff);
        });
    }
}
