package com.polaris.operator.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operation anyone may call without a bearer token (signing in): the OpenAPI document gives it an
 * empty security requirement and no automatic 401. Every other operation needs the bearer token, or
 * names another scheme with {@code @SecurityRequirement}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NoBearerToken {}
