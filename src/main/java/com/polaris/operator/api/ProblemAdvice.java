package com.polaris.operator.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JsonParser;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Turns every failure of an API request into an RFC 9457 problem: never a stack trace, never an
 * HTML page. Unexpected failures are logged with a reference the caller can quote. A body that is
 * not JSON (malformed, a field named twice, trailing text) is a 400; JSON whose values have the
 * wrong type or range for what the endpoint reads ({@link StrictJson}) is a 422 naming the field.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ApiProblem.class)
    @Nullable
    ResponseEntity<ProblemDetail> apiProblem(
            ApiProblem problem, HttpServletRequest request, HttpServletResponse response) {
        return answer(Problems.of(problem), request, response);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    @Nullable
    ResponseEntity<ProblemDetail> typeMismatch(
            MethodArgumentTypeMismatchException e, HttpServletRequest request, HttpServletResponse response) {
        return answer(
                Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "bad-parameter",
                        "Bad parameter",
                        "The parameter '" + e.getName() + "' has an invalid value."),
                request,
                response);
    }

    /** A parameter, header or address the web firewall refuses (control characters, say), or more parameters than allowed. */
    @ExceptionHandler({RequestRejectedException.class, InvalidParameterException.class})
    @Nullable
    ResponseEntity<ProblemDetail> rejected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        return answer(
                Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "bad-request",
                        "Bad request",
                        "The request's address, parameters or headers are not valid."),
                request,
                response);
    }

    @ExceptionHandler(Exception.class)
    @Nullable
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        String reference = Long.toHexString(System.nanoTime());
        log.error("Unexpected failure, reference {}", reference, e);
        ProblemDetail problem = Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error",
                "Internal error",
                "Something went wrong on our side. Reference: " + reference);
        return answer(problem, request, response);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        Throwable cause = e.getCause();
        ProblemDetail problem;
        if (cause instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            problem = wrongValue(fieldPath(mismatch), mismatch);
        } else if (cause instanceof MismatchedInputException mismatch && !isTrailingText(mismatch)) {
            problem = wrongValue("", mismatch);
        } else if (cause instanceof InputCoercionException coercion) {
            problem = Problems.invalid(
                    "The request body has a number out of range.",
                    List.of(new ApiProblem.FieldProblem(parserPath(coercion), "is out of range")));
        } else if (cause instanceof StreamReadException read
                && read.getOriginalMessage().startsWith("Duplicate")) {
            problem = Problems.of(
                    HttpStatus.BAD_REQUEST,
                    "malformed-json",
                    "Malformed JSON",
                    "The request body is not valid JSON: an object names the same field twice (" + parserPath(read)
                            + ").");
        } else if (cause instanceof StreamReadException || cause instanceof DatabindException) {
            problem = Problems.of(
                    HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON", "The request body is not valid JSON.");
        } else {
            problem = Problems.of(
                    HttpStatus.BAD_REQUEST,
                    "unreadable-body",
                    "Unreadable body",
                    "The request body is missing or cannot be read.");
        }
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * The problems Spring MVC answers itself (404, 405, 406, 415 …) get a {@code type} of their own,
     * as every other problem of the API has; on a console address they are the console's page.
     */
    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(
            Exception e, @Nullable Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (request instanceof ServletWebRequest servlet
                && !ApiPaths.isApi(servlet.getRequest())
                && servlet.getResponse() != null) {
            return consolePage(status.value(), servlet.getResponse());
        }
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, status, request);
        if (answer != null
                && answer.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || URI.create("about:blank").equals(problem.getType()))) {
            problem.setType(Problems.ofStatus(status, "").getType());
        }
        return answer;
    }

    private static ProblemDetail wrongValue(String field, MismatchedInputException mismatch) {
        String message = mismatch instanceof StrictJson.RefusedValue
                ? mismatch.getOriginalMessage()
                : expected(mismatch.getTargetType());
        return Problems.invalid(
                "The request body has a field of the wrong type.",
                List.of(new ApiProblem.FieldProblem(field, message)));
    }

    /** What a value of {@code type} must be, in the API's words. */
    static String expected(@Nullable Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "must be a string";
        }
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class) {
            return "must be a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "must be a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be true or false";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return StrictJson.SaneDateDeserializer.words(type);
        }
        if (type.isEnum()) {
            return "must be one of "
                    + String.join(
                            ", ",
                            Arrays.stream(type.getEnumConstants())
                                    .map(c -> c.toString().toLowerCase(Locale.ROOT))
                                    .toList());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "must be a list";
        }
        if (JsonNode.class.isAssignableFrom(type)) {
            return "has the wrong type";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "must be an object";
        }
        return "has the wrong type";
    }

    /** Jackson reports text after the JSON value as a mismatch; it is malformed JSON. */
    private static boolean isTrailingText(MismatchedInputException mismatch) {
        return mismatch.getOriginalMessage().startsWith("Trailing token");
    }

    private static String fieldPath(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** Where the parser was when it failed, as a dotted field path. */
    private static String parserPath(StreamReadException e) {
        if (!(e.processor() instanceof JsonParser parser)) {
            return "";
        }
        var steps = new ArrayDeque<String>();
        for (TokenStreamContext context = parser.streamReadContext(); context != null; context = context.getParent()) {
            if (context.inArray()) {
                steps.push("[" + Math.max(context.getCurrentIndex(), 0) + "]");
            } else if (context.inObject() && context.currentName() != null) {
                steps.push(context.currentName());
            }
        }
        var path = new StringBuilder();
        for (String step : steps) {
            if (!path.isEmpty() && !step.startsWith("[")) {
                path.append('.');
            }
            path.append(step);
        }
        return path.toString();
    }

    /**
     * The problem for an API request; for a console address that no console controller answered
     * (an unknown method on a page, say), the container's error dispatch, which shows the console's page.
     */
    private static @Nullable ResponseEntity<ProblemDetail> answer(
            ProblemDetail problem, HttpServletRequest request, HttpServletResponse response) {
        if (!ApiPaths.isApi(request)) {
            return consolePage(problem.getStatus(), response);
        }
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static <T> @Nullable ResponseEntity<T> consolePage(int status, HttpServletResponse response) {
        try {
            response.sendError(status);
        } catch (IOException e) {
            // The client has gone.
        }
        return null;
    }
}
