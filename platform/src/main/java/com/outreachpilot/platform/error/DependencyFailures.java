package com.outreachpilot.platform.error;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The one place that decides whether a failure means "a dependency is down for now" (answered {@code 503
 * SERVICE_UNAVAILABLE} with {@code Retry-After}) rather than a defect (a 500). It walks the failure, its causes and
 * its suppressed exceptions (a rollback that failed after the query did is attached that way) and asks the JDK's
 * connection checks and every registered {@link TransientFailures}. Used by the JAX-RS mappers and by the Vert.x
 * failure handler alike, so a database restart reads the same wherever it surfaces.
 */
@ApplicationScoped
public class DependencyFailures {

    /** What the client is told, in every service and on every path. */
    public static final String MESSAGE = "The service cannot reach its database or broker right now";
    public static final String DETAILS = "Nothing was changed; retry after a few seconds";
    public static final String RETRY_AFTER_SECONDS = "2";

    private static final int MOST_VISITED = 64;

    @Inject
    Instance<TransientFailures> classifiers;

    public boolean isTransient(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> pending = new ArrayDeque<>();
        if (failure != null) {
            pending.add(failure);
        }
        while (!pending.isEmpty() && seen.size() < MOST_VISITED) {
            Throwable t = pending.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (TransientFailures.isConnectionFailure(t)) {
                return true;
            }
            for (TransientFailures classifier : classifiers) {
                if (classifier.isTransient(t)) {
                    return true;
                }
            }
            if (t.getCause() != null) {
                pending.add(t.getCause());
            }
            Collections.addAll(pending, t.getSuppressed());
        }
        return false;
    }
}
