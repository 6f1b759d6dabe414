package com.outreachpilot.platform.error;

import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.ErrorBody;
import io.netty.handler.codec.http.HttpResponseStatus;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/** Builds error-envelope responses for JAX-RS code (mappers, filters). */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    public static RestResponse<ApiResponse<Void>> of(String requestId, ErrorCode code, String message, String details,
            List<FieldError> fields) {
        ApiResponse<Void> body = ApiResponse.error(ErrorBody.of(code, message, details, fields), requestId);
        return RestResponse.ResponseBuilder.create(status(code.status()), body)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    /** A status type for any code, including ones JAX-RS has no constant for (422, 429). */
    public static Response.StatusType status(int code) {
        String reason = HttpResponseStatus.valueOf(code).reasonPhrase();
        return new Response.StatusType() {
            @Override
            public int getStatusCode() {
                return code;
            }

            @Override
            public Response.Status.Family getFamily() {
                return Response.Status.Family.familyOf(code);
            }

            @Override
            public String getReasonPhrase() {
                return reason;
            }
        };
    }
}
