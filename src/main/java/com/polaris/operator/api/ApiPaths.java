package com.polaris.operator.api;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;

/**
 * Which addresses are the API's, answered with problem documents, rather than the console's pages: the
 * API's, actuator's and the OpenAPI document's, and those the web widget's script calls.
 */
final class ApiPaths {

    private static final List<String> PREFIXES = List.of("/api/", "/actuator/", "/v3/api-docs", "/widget/");

    private ApiPaths() {}

    /** Whether {@code path} (as sent, before or after decoding) is an address of the API. */
    static boolean isApi(String path) {
        return path.equals("/api")
                || path.equals("/actuator")
                || PREFIXES.stream().anyMatch(path::startsWith);
    }

    static boolean isApi(HttpServletRequest request) {
        return isApi(request.getRequestURI().substring(request.getContextPath().length()));
    }
}
