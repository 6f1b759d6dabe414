package com.outreachpilot.platform.data.error;

import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.error.ErrorResponses;
import com.outreachpilot.platform.web.RequestIds;
import io.vertx.pgclient.PgException;
import jakarta.ws.rs.Priorities;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/**
 * A unique-constraint violation that slipped past a service's own check (two requests racing to create the
 * same thing) is a conflict for the client, decided in one place.
 */
public class ConstraintMappers {

    @ServerExceptionMapper(priority = Priorities.USER - 1000)
    public RestResponse<ApiResponse<Void>> constraint(ConstraintViolationException e) {
        if (isUniqueViolation(e)) {
            return ErrorResponses.of(RequestIds.current(), ErrorCode.DUPLICATE_RESOURCE, "Resource already exists",
                    "A concurrent request created it first; fetch it or retry with upsert", List.of());
        }
        return ErrorResponses.of(RequestIds.current(), ErrorCode.VALIDATION_ERROR, "The change conflicts with existing data",
                null, List.of());
    }

    /**
     * Whether a failure (or any of its causes) is a unique-key violation, as Hibernate or the PostgreSQL
     * client reports it: for services that answer a lost race by reading the winner's row.
     */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c
                    && (c.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE || "23505".equals(c.getSQLState()))) {
                return true;
            }
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return true;
            }
        }
        return false;
    }
}
