package com.polaris.operator.widget;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.NoBearerToken;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the widget's script, whatever the request accepts (browsers ask for scripts with any
 * {@code Accept}) to the business's pages: cached by browsers for an hour, then checked
 * again by its ETag, so a new version of Polaris reaches the pages within the hour.
 */
@RestController
@Tag(name = "Web widget", description = "The chat box a business embeds in its own pages, and what its pages call.")
class WidgetScript {

    static final MediaType JAVASCRIPT = new MediaType("text", "javascript", StandardCharsets.UTF_8);

    private final String script;
    private final String etag;

    WidgetScript() {
        try (InputStream in = new ClassPathResource("widget/widget.js").getInputStream()) {
            byte[] bytes = in.readAllBytes();
            this.script = new String(bytes, StandardCharsets.UTF_8);
            this.etag = "\""
                    + HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16) + "\"";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @GetMapping("/widget.js")
    @NoBearerToken
    @Operation(summary = "The web widget's script", description = """
                    A small script without dependencies that a business pastes into its pages: \
                    a script element with src="https://operator.example.com/widget.js", \
                    data-widget-key="pol_wgt_…" and defer (see the README). It shows a chat box (its \
                    own shadow DOM and styles), opens a conversation on the first message (POST /widget/v1/conversations), keeps its token in the tab's \
                    sessionStorage and posts the visitor's messages (POST /widget/v1/messages) to the \
                    server that served it. Cached for an hour (Cache-Control, ETag).""")
    @ApiResponse(
            responseCode = "200",
            description = "The script.",
            content = @Content(mediaType = "text/javascript", schema = @Schema(type = "string")))
    @ProblemAnswers(ProblemType.BAD_REQUEST)
    @ApiExamples(response = "\"(() => { /* Polaris web widget */ })();\"")
    ResponseEntity<String> script() {
        return ResponseEntity.ok()
                .contentType(JAVASCRIPT)
                .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePublic())
                .eTag(etag)
                .header("Cross-Origin-Resource-Policy", "cross-origin")
                .body(script);
    }
}
