package com.outreachpilot.platform.data.idempotency;

import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Honours the {@code Idempotency-Key} header on a mutating resource method returning {@code Uni}: the same
 * key and request replays the stored response for 24 h, a different request under the key is refused with
 * 422, and a request still running under the key gets 409.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Idempotent {
}
