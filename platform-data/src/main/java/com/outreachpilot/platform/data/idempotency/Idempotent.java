package com.outreachpilot.platform.data.idempotency;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Honours the {@code Idempotency-Key} header on a mutating resource method returning {@code Uni}: the same
 * key and request replays the stored response for 24 h, a different request under the key is refused with
 * 422, and a request still running under the key gets 409.
 *
 * <p>An answer that carries a secret (a new API key, a webhook signing secret) names it in {@link #secrets}: the
 * stored copy has it removed, so no secret lies in the table, and a replay answers the resource with that field
 * {@code null} and {@code meta.secret_redacted: true} (the secret is shown once, in the first answer).
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Idempotent {

    /** Fields of the answer's {@code data} that hold a secret and are never stored. */
    @Nonbinding
    String[] secrets() default {};
}
