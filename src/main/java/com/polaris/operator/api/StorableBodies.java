package com.polaris.operator.api;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The check every request body passes before any endpoint reads it, so a new endpoint cannot
 * forget it: the body is JSON, in UTF-8 (malformed UTF-8 is 400, not a guess at what was meant),
 * and every string in it — values and field names, at any depth — is {@link StorableText}, every
 * number finite (a {@code 1e400} would be stored as the text "Infinity"). Anything else is a 422
 * naming each field, so nothing reaches the database that it would refuse. The endpoint's own
 * reading (shape, types, {@link StrictJson}) follows.
 */
@RestControllerAdvice
@RequiredArgsConstructor
class StorableBodies extends RequestBodyAdviceAdapter {

    /** Enough to show what is wrong without echoing a whole hostile body back. */
    private static final int MAX_PROBLEMS = 50;

    private final JsonMapper json;

    @Override
    public boolean supports(
            MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public HttpInputMessage beforeBodyRead(
            HttpInputMessage input,
            MethodParameter parameter,
            Type targetType,
            Class<? extends HttpMessageConverter<?>> converterType)
            throws IOException {
        if (!JacksonJsonHttpMessageConverter.class.isAssignableFrom(converterType)) {
            throw new ApiProblem(
                    ApiProblem.Kind.UNSUPPORTED_FORMAT,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "Request bodies are JSON: send them as application/json.");
        }
        MediaType type = input.getHeaders().getContentType();
        Charset charset = type == null ? null : type.getCharset();
        if (charset != null && !StandardCharsets.UTF_8.equals(charset)) {
            throw new ApiProblem(
                    ApiProblem.Kind.UNSUPPORTED_FORMAT,
                    "unsupported-media-type",
                    "Unsupported media type",
                    "JSON bodies are UTF-8; " + charset.name() + " is not accepted.");
        }
        byte[] body = input.getBody().readAllBytes();
        String text = utf8(body);
        if (text.indexOf('\0') >= 0) {
            throw malformed("The request body is not valid JSON: it has a NUL byte outside any string.");
        }
        if (!text.isBlank()) {
            JsonNode tree;
            try {
                tree = json.readTree(text);
            } catch (JacksonException e) {
                // The endpoint's converter meets the same error and answers it as malformed JSON.
                return copy(input.getHeaders(), body);
            }
            var problems = new ArrayList<FieldProblem>();
            check(tree, "", problems);
            if (!problems.isEmpty()) {
                throw ApiProblem.invalid("The request body has values that cannot be stored.", problems);
            }
        }
        return copy(input.getHeaders(), body);
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            throw malformed("The request body is not valid UTF-8.");
        }
    }

    /** Adds a problem for every string, field name or number under {@code node} that cannot be stored. */
    private static void check(JsonNode node, String path, List<FieldProblem> problems) {
        if (problems.size() >= MAX_PROBLEMS) {
            return;
        }
        if (node.isString()) {
            String problem = StorableText.problem(node.stringValue());
            if (problem != null) {
                problems.add(new FieldProblem(path, problem));
            }
        } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            problems.add(new FieldProblem(path, "is too large a number"));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), path + "[" + i + "]", problems);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String problem = StorableText.problem(field.getKey());
                if (problem != null) {
                    problems.add(new FieldProblem(path, "has a field name that " + problem));
                } else {
                    check(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), problems);
                }
            }
        }
    }

    static ApiProblem malformed(String detail) {
        return new ApiProblem(ApiProblem.Kind.MALFORMED, "malformed-json", "Malformed JSON", detail);
    }

    private static HttpInputMessage copy(HttpHeaders headers, byte[] body) {
        return new HttpInputMessage() {
            @Override
            public InputStream getBody() {
                return new ByteArrayInputStream(body);
            }

            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }
}
