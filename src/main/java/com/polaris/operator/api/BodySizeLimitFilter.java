package com.polaris.operator.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import lombok.RequiredArgsConstructor;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses API (and web widget) request bodies above {@code polaris.api.max-body-bytes} with 413 before
 * anything reads them; {@code POST /api/v1/action-batches}, whose body carries up to 10,000 items, may
 * send up to {@code polaris.api.max-batch-body-bytes} (10 MiB). Bodies sent without a length (chunked)
 * are refused too: the API needs no streaming.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
@RequiredArgsConstructor
class BodySizeLimitFilter extends OncePerRequestFilter {

    static final String BATCHES = "/api/v1/action-batches";

    @Value("${polaris.api.max-body-bytes}")
    private final long maxBytes;

    @Value("${polaris.api.max-batch-body-bytes:10485760}")
    private final long maxBatchBytes;

    private final JsonMapper json;

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/")
                && !request.getRequestURI().startsWith("/widget/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        long maxBytes = "POST".equals(request.getMethod()) && BATCHES.equals(request.getRequestURI())
                ? maxBatchBytes
                : this.maxBytes;
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
