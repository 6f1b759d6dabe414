package com.outreachpilot.platform.error;

import java.util.Locale;

/**
 * Every error code the platform answers with, and its HTTP status. The first block is the public API
 * reference's table; the rest are additions a client can meet at the edges (routing, limits, idempotency).
 */
public enum ErrorCode {
    MISSING_AUTH(401, "No Authorization header provided"),
    INVALID_API_KEY(401, "Key not found, revoked, or malformed"),
    PLAN_REQUIRED(403, "Organization not on Pro or Scale plan"),
    SCOPE_DENIED(403, "API key missing required scope for this endpoint"),
    ORG_NOT_FOUND(404, "Organization deleted or invalid"),
    RESOURCE_NOT_FOUND(404, "Contact, campaign, or webhook not found"),
    VALIDATION_ERROR(422, "Invalid request body or missing required fields"),
    DUPLICATE_RESOURCE(409, "Resource already exists (e.g. contact email)"),
    INSUFFICIENT_CREDITS(402, "Not enough credits for the operation"),
    CAMPAIGN_NOT_ACTIVE(400, "Campaign is draft or paused"),
    INTERNAL_ERROR(500, "Unexpected server error"),

    BAD_REQUEST(400, "The request is malformed (headers, path or framing)"),
    INVALID_TOKEN(401, "Internal service token missing, expired, or not for this service"),
    FORBIDDEN(403, "The caller may not use this endpoint"),
    ROUTE_NOT_FOUND(404, "No endpoint at this path"),
    METHOD_NOT_ALLOWED(405, "The endpoint does not accept this HTTP method"),
    NOT_ACCEPTABLE(406, "The endpoint cannot produce the requested media type"),
    REQUEST_TIMEOUT(408, "The request (its headers or its body) did not arrive in time"),
    IDEMPOTENCY_KEY_IN_USE(409, "A request with this Idempotency-Key is still in progress"),
    CURSOR_EXPIRED(410, "The cursor points before the retained history; start again without one"),
    PAYLOAD_TOO_LARGE(413, "Request body exceeds the size limit"),
    URI_TOO_LONG(414, "The request target (path and query) exceeds the size limit"),
    UNSUPPORTED_MEDIA_TYPE(415, "Request body media type not supported (send application/json)"),
    IDEMPOTENCY_KEY_REUSED(422, "This Idempotency-Key was used with a different request"),
    RATE_LIMITED(429, "Too many requests for this API key"),
    HEADERS_TOO_LARGE(431, "The request's headers exceed the size limit"),
    SERVICE_UNAVAILABLE(503, "A service needed for this request is unavailable"),
    GATEWAY_TIMEOUT(504, "A service needed for this request did not answer in time"),
    AI_UNAVAILABLE(503, "The AI model is not configured, unreachable, or answered unexpectedly"),
    AI_TIMEOUT(504, "The AI model did not answer in time");

    private final int status;
    private final String summary;

    ErrorCode(int status, String summary) {
        this.status = status;
        this.summary = summary;
    }

    public int status() {
        return status;
    }

    /** The sentence used when a failure has no more specific message, and in the docs table. */
    public String summary() {
        return summary;
    }

    /** Anchor of this code on the docs page; every error body links to it. */
    public String docsUrl() {
        return "/docs#" + name().toLowerCase(Locale.ROOT);
    }

    /** The code a bare HTTP status stands for when nothing more specific is known. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400, 422 -> VALIDATION_ERROR;
            case 401 -> INVALID_TOKEN;
            case 402 -> INSUFFICIENT_CREDITS;
            case 403 -> FORBIDDEN;
            case 404 -> ROUTE_NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 408 -> REQUEST_TIMEOUT;
            case 409 -> DUPLICATE_RESOURCE;
            case 410 -> CURSOR_EXPIRED;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 431 -> HEADERS_TOO_LARGE;
            case 429 -> RATE_LIMITED;
            case 502, 503 -> SERVICE_UNAVAILABLE;
            case 504 -> GATEWAY_TIMEOUT;
            default -> INTERNAL_ERROR;
        };
    }
}
