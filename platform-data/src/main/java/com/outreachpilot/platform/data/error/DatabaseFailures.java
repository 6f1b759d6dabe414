package com.outreachpilot.platform.data.error;

import com.outreachpilot.platform.error.TransientFailures;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * PostgreSQL being down, restarting or failing over, as the reactive client reports it: a connection closed under a
 * query, the server shutting down (SQLSTATE 57P01–57P03), a connection exception (class 08), too many connections
 * (53300), a command queued on a connection that has just closed. Each is a 503 for the client; the pool reconnects
 * by itself when the server is back.
 */
@ApplicationScoped
public class DatabaseFailures implements TransientFailures {

    @Override
    public boolean isTransient(Throwable failure) {
        if (failure instanceof ClosedConnectionException) {
            return true;
        }
        if (failure instanceof PgException pg && pg.getSqlState() != null) {
            String state = pg.getSqlState();
            return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
        }
        // the pool's wait for a connection ran out (the server unreachable, or every connection busy)
        if (failure instanceof io.vertx.core.impl.NoStackTraceTimeoutException) {
            return true;
        }
        // a command queued on a connection the server has just closed ("Connection is not active now, current
        // status: CLOSED")
        String message = failure.getMessage();
        return failure instanceof io.vertx.core.impl.NoStackTraceThrowable && message != null
                && message.startsWith("Connection is not active now");
    }
}
