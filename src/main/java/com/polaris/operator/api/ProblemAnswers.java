package com.polaris.operator.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem documents an operation answers with, besides those {@link OperationDocs} adds to every
 * operation of its kind: 401 {@code unauthorized} with the bearer token; 400 {@code malformed-json}
 * and {@code unreadable-body}, 413, 415 and 422 {@code validation-failed} when it takes a JSON body;
 * 400 {@code bad-parameter} and {@code bad-cursor} when it is a paged list. The OpenAPI document gets
 * one response per status, with the problem schema, every type's meaning and an example of each.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemAnswers {

    ProblemType[] value();
}
