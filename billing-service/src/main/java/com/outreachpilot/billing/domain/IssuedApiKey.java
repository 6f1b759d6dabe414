package com.outreachpilot.billing.domain;

/** A key just created: the stored key and its secret, which exists only until this answer is written. */
public record IssuedApiKey(ApiKey key, String secret) {
}
