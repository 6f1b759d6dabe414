package com.outreachpilot.platform.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The API-key scope an endpoint needs (any one of the values), checked by the service itself from the token
 * the gateway minted ({@link ScopeCheck}), not only at the gateway: a token forwarded by another service within
 * a request is good for what the key may do, nothing more. Operators' and services' own tokens carry no scopes
 * and are governed by their roles. A method's annotation replaces its class's.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScope {

    String[] value();
}
