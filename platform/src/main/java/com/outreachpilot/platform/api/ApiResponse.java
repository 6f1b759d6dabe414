package com.outreachpilot.platform.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.platform.web.RequestIds;

import java.util.List;

/**
 * The envelope every endpoint answers with: {@code {ok:true, data, meta}} on success,
 * {@code {ok:false, error, meta}} on failure.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"ok", "data", "error", "meta"})
public record ApiResponse<T>(@Schema(required = true) boolean ok, @Schema(required = true) T data,
                             @Schema(hidden = true) ErrorBody error, @Schema(required = true) Meta meta) {

    public static <T> ApiResponse<T> ok(T data) {
        return new ApiResponse<>(true, data, null, Meta.now(RequestIds.current()));
    }

    /** A list page with {@code total}, {@code has_more}, {@code limit} and {@code offset} in meta. */
    public static <T> ApiResponse<List<T>> page(Page<T> page) {
        return page(page, page.items());
    }

    /** A page whose items are shown inside {@code data} (e.g. beside other lists), with the page's meta. */
    public static <D> ApiResponse<D> page(Page<?> page, D data) {
        PageRequest request = page.request();
        Meta meta = Meta.now(RequestIds.current())
                .with("total", page.total())
                .with("has_more", page.hasMore())
                .with("limit", request.limit())
                .with("offset", request.offset());
        return new ApiResponse<>(true, data, null, meta);
    }

    public static ApiResponse<Void> error(ErrorBody error, String requestId) {
        return new ApiResponse<>(false, null, error, Meta.now(requestId));
    }

    public ApiResponse<T> withMeta(String name, Object value) {
        meta.with(name, value);
        return this;
    }
}
