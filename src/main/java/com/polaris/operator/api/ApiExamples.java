package com.polaris.operator.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Examples of an operation's JSON request body and of its successful answer, for the OpenAPI
 * document; each is JSON text, read when the document is built (a malformed one fails it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ApiExamples {

    /** The request body; empty when the operation takes none. */
    String request() default "";

    /** The body of the successful answer; empty when it has none (204). */
    String response() default "";
}
