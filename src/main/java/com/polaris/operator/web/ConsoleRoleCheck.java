package com.polaris.operator.web;

import com.polaris.operator.identity.Role;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import lombok.RequiredArgsConstructor;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The one place where the console checks a member's role: before a handler's parameters are read,
 * against the handler's {@link AllowedRoles}. A POST handler that acts as a member
 * ({@link ConsoleMember} parameter) without {@link AllowedRoles} is refused, so a new form cannot
 * forget to say who may use it. The services check roles again, as they do for the API.
 */
@Configuration
@RequiredArgsConstructor
class ConsoleRoleCheck implements HandlerInterceptor, WebMvcConfigurer {

    private final ConsoleMemberResolver members;

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)
                || method.getBeanType().getPackage() != ConsoleRoleCheck.class.getPackage()) {
            return true;
        }
        AllowedRoles allowed = method.getMethodAnnotation(AllowedRoles.class);
        if (allowed == null && !(actsAsMember(method) && "POST".equals(request.getMethod()))) {
            return true;
        }
        ConsoleMember me = members.current(request);
        if (me == null) {
            throw new InsufficientAuthenticationException("Sign in to use the console.");
        }
        me.caller().requireRole(allowed == null ? new Role[0] : allowed.value());
        return true;
    }

    private static boolean actsAsMember(HandlerMethod method) {
        return Arrays.stream(method.getMethodParameters()).anyMatch(p -> p.getParameterType() == ConsoleMember.class);
    }
}
