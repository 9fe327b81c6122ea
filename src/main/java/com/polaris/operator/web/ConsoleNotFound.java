package com.polaris.operator.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * An unknown console address gets a page saying so. Addresses of the API, the actuator and the API
 * documents are left alone, so they keep answering RFC 9457 problems.
 */
@Configuration
@RequiredArgsConstructor
class ConsoleNotFound implements HandlerExceptionResolver, WebMvcConfigurer {

    private static final List<String> NOT_CONSOLE = List.of("/api/", "/actuator", "/v3/api-docs");

    private final ConsoleAdvice pages;

    @Override
    public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        resolvers.addFirst(this);
    }

    @Override
    public @Nullable ModelAndView resolveException(
            HttpServletRequest request, HttpServletResponse response, @Nullable Object handler, Exception e) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!(e instanceof NoResourceFoundException) || NOT_CONSOLE.stream().anyMatch(path::startsWith)) {
            return null;
        }
        return pages.page(
                request,
                HttpStatus.NOT_FOUND,
                "Page not found",
                "There is no page at this address. It may have moved; start again from the inbox.");
    }
}
