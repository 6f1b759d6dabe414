package com.outreachpilot.platform.paging;

import jakarta.ws.rs.QueryParam;

/** {@code @BeanParam} for list endpoints: {@code ?limit=&offset=}. */
public class PageParams {

    @QueryParam("limit")
    String limit;

    @QueryParam("offset")
    String offset;

    public PageRequest toRequest() {
        return PageRequest.parse(limit, offset);
    }
}
