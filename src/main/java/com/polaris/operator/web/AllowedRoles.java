package com.polaris.operator.web;

import com.polaris.operator.identity.Role;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The roles of the members who may use a console handler. {@link ConsoleRoleCheck} checks it before
 * the handler's parameters are read, so a hand-made request from any other role gets 403 before
 * anything it sent is parsed. Every console POST handler that acts as a member declares it; one that
 * does not is refused to everybody.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface AllowedRoles {

    Role[] value();
}
