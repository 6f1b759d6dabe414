package com.outreachpilot.platform.data.error;

import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.error.ErrorResponses;
import com.outreachpilot.platform.web.RequestIds;
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
        if (e.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE || "23505".equals(e.getSQLState())) {
            return ErrorResponses.of(RequestIds.current(), ErrorCode.DUPLICATE_RESOURCE, "Resource already exists",
                    "A concurrent request created it first; fetch it or retry with upsert", List.of());
        }
        return ErrorResponses.of(RequestIds.current(), ErrorCode.VALIDATION_ERROR, "The change conflicts with existing data",
                null, List.of());
    }
}
