package com.polaris.operator.api;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /error}, where the servlet container sends every failure that no controller answered:
 * one raised in a filter (the web firewall refusing an address, say), an exception no advice
 * caught, a plain request for {@code /error} (404). Under the API's addresses the answer is a
 * problem document; elsewhere it is the console's error page, unless the caller asked for JSON
 * only. It replaces Spring Boot's own error controller, whose answers are neither.
 */
@Controller
@RequiredArgsConstructor
class ErrorAnswers implements ErrorController {

    private static final Logger log = LoggerFactory.getLogger(ErrorAnswers.class);

    private final JsonMapper json;

    /** The status and words of a failure, for the API and the console alike. */
    record Failure(HttpStatus status, String headline, String detail) {

        static Failure of(int code, @Nullable String reference) {
            HttpStatus status = HttpStatus.resolve(code);
            if (status == null || !status.isError()) {
                status = HttpStatus.INTERNAL_SERVER_ERROR;
            }
            return switch (status) {
                case BAD_REQUEST ->
                    new Failure(
                            status,
                            "This request cannot be read",
                            "Its address, parameters or headers are not valid (a broken %-escape, a character that is "
                                    + "not allowed, or a header too long).");
                case NOT_FOUND ->
                    new Failure(
                            status,
                            "Page not found",
                            "There is no page at this address. It may have moved; start again from the inbox.");
                case METHOD_NOT_ALLOWED ->
                    new Failure(
                            status,
                            "This address does not take that request",
                            "The request's method is not supported here.");
                case CONTENT_TOO_LARGE -> new Failure(status, "Too much was sent", "The request is too large.");
                default ->
                    status.is5xxServerError()
                            ? new Failure(
                                    status,
                                    "Something went wrong on our side",
                                    "Please try again."
                                            + (reference == null
                                                    ? ""
                                                    : " If it keeps happening, quote this reference: " + reference
                                                            + "."))
                            : new Failure(status, status.getReasonPhrase(), "The request cannot be answered.");
            };
        }
    }

    @RequestMapping("/error")
    @Nullable
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String original
                ? original.substring(request.getContextPath().length())
                : "/error";
        int status = code instanceof Integer given ? given : HttpStatus.NOT_FOUND.value();
        String reference = null;
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable thrown) {
            if (status >= 500) {
                reference = Long.toHexString(System.nanoTime());
                log.error("Unexpected failure, reference {}", reference, thrown);
            } else {
                // The container refused the request (parameters that are not UTF-8, say); its message
                // may quote what was sent, so only the kind of refusal is logged.
                log.debug(
                        "Request refused by the container with {}: {}",
                        status,
                        thrown.getClass().getName());
            }
        }
        Failure failure = Failure.of(status, reference);
        if (ApiPaths.isApi(path) || !wantsPage(request)) {
            response.resetBuffer();
            ProblemResponses.write(response, json, Problems.ofStatus(failure.status(), failure.detail()));
            return null;
        }
        var page = new ModelAndView("error", failure.status());
        page.addObject("headline", failure.headline());
        page.addObject("detail", failure.detail());
        return page;
    }

    /** A browser (or a caller that names no type) gets the page; a caller asking for JSON only, a problem. */
    private static boolean wantsPage(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null || accept.isBlank()) {
            return true;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.stream().anyMatch(type -> type.includes(MediaType.TEXT_HTML));
        } catch (InvalidMediaTypeException e) {
            return true;
        }
    }
}
