package com.polaris.operator.api;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies {@link StorableText} to what arrives outside a body — the path, every query parameter's
 * name and value, every header — for every address, since any of them may end up in a query or a
 * row (a path variable, {@code ?tool=}, {@code Idempotency-Key}). It decodes the query string itself,
 * strictly (bad percent-encoding or malformed UTF-8 is a 400), so nothing later trips over it. An API
 * request is answered with a problem naming the parameter or header; the console's addresses get
 * the console's error page, except for the text of query parameters, which the console's lists show
 * beside their filters. Forms are left to the console, which shows their errors beside each
 * field; bodies to {@link StorableBodies}. It runs after authentication, so a caller without a
 * valid token learns nothing from it.
 */
@Component
@RequiredArgsConstructor
class StorableRequestFilter extends OncePerRequestFilter {

    private final JsonMapper json;

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean api = ApiPaths.isApi(request);
        ApiProblem problem = problem(request, api);
        if (problem == null) {
            chain.doFilter(request, response);
        } else if (api) {
            ProblemResponses.write(response, json, Problems.of(problem));
        } else {
            response.sendError(Problems.status(problem).value());
        }
    }

    /**
     * What is wrong with the request's address and headers; the text of query parameters only for
     * the API ({@code queryText}): the console shows a list filter it cannot match beside its field.
     */
    private static @Nullable ApiProblem problem(HttpServletRequest request, boolean queryText) {
        var errors = new ArrayList<FieldProblem>();
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String pathProblem = StorableText.problem(path);
        if (pathProblem != null) {
            errors.add(new FieldProblem("path", pathProblem));
        }
        String query = request.getQueryString();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                if (name == null || value == null) {
                    return ApiProblem.badParameter(
                            "The query string is not valid: it has a broken %-escape or malformed UTF-8.");
                }
                String nameProblem = StorableText.problem(name);
                if (!queryText) {
                    continue;
                }
                if (nameProblem != null) {
                    errors.add(new FieldProblem("(query)", "has a parameter name that " + nameProblem));
                } else if (StorableText.problem(value) != null) {
                    errors.add(new FieldProblem(name, StorableText.problem(value)));
                }
            }
        }
        for (String header : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(header))) {
                String headerProblem = StorableText.problem(value);
                if (headerProblem != null) {
                    errors.add(new FieldProblem(header, headerProblem));
                }
            }
        }
        return errors.isEmpty() ? null : ApiProblem.invalid("The request has values that cannot be stored.", errors);
    }

    /** {@code application/x-www-form-urlencoded} decoding, strict; null when the text is malformed. */
    static @Nullable String decode(String encoded) {
        var bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '+') {
                bytes.write(' ');
            } else if (c == '%') {
                int high = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int low = high < 0 ? -1 : Character.digit(encoded.charAt(i + 2), 16);
                if (low < 0) {
                    return null;
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
