package com.outreachpilot.platform.paging;

import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** {@code @BeanParam} for list endpoints: {@code ?limit=&offset=}. */
public class PageParams {

    @QueryParam("limit")
    @Parameter(description = "How many items to answer", schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
            maximum = "" + PageRequest.MAX_LIMIT, defaultValue = "" + PageRequest.DEFAULT_LIMIT))
    String limit;

    @QueryParam("offset")
    @Parameter(description = "How many items to skip", schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
            defaultValue = "0"))
    String offset;

    public PageRequest toRequest() {
        return PageRequest.parse(limit, offset);
    }
}
