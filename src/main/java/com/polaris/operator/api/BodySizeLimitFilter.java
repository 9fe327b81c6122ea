package com.polaris.operator.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses API (and web widget) request bodies above {@code polaris.api.max-body-bytes} with 413 before anything
 * reads them. Bodies sent without a length (chunked) are refused too: the API needs no streaming.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class BodySizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final JsonMapper json;

    BodySizeLimitFilter(@Value("${polaris.api.max-body-bytes}") long maxBytes, JsonMapper json) {
        this.maxBytes = maxBytes;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/")
                && !request.getRequestURI().startsWith("/widget/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes || chunked) {
            var problem = Problems.of(
                    HttpStatus.CONTENT_TOO_LARGE,
                    "body-too-large",
                    "Request body too large",
                    "Request bodies are limited to " + maxBytes + " bytes and must declare their length.");
            response.setHeader("Connection", "close");
            ProblemResponses.write(response, json, problem);
            return;
        }
        chain.doFilter(request, response);
    }
}
