package com.outreachpilot.platform.paging;

import java.util.List;
import java.util.function.Function;

/** One page of a list and the total number of matching items. */
public record Page<T>(List<T> items, long total, PageRequest request) {

    public boolean hasMore() {
        return request.offset() + items.size() < total;
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), total, request);
    }
}
