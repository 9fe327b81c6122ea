package com.polaris.operator.webhook;

import com.polaris.operator.api.ApiProblem.FieldProblem;
import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.catalog.ExternalBase;
import com.polaris.operator.secret.SigningSecrets;
import com.polaris.operator.secret.Templates;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Custom actions on {@code generic_webhook}: their request template is checked before a request is
 * ever sent (an absolute {@code https} URL with no placeholders and no credentials in it, header
 * names that are tokens and not ones Polaris sets itself, placeholders that exist, secrets only in
 * header values and the body), and each gets its Standard Webhooks signing secret when created.
 */
@Component
class WebhookBase extends ExternalBase {

    private static final Set<String> CONFIG = Set.of("url", "headers", "body");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** Headers Polaris sets itself, or that would change how the request is framed or routed. */
    private static final Set<String> RESERVED_HEADERS = Set.of(
            "host",
            "content-length",
            "content-type",
            "transfer-encoding",
            "connection",
            "upgrade",
            "te",
            "trailer",
            "expect",
            "keep-alive",
            "proxy-authorization",
            "proxy-connection",
            "webhook-id",
            "webhook-timestamp",
            "webhook-signature");

    private final SigningSecrets signingSecrets;

    WebhookBase(SigningSecrets signingSecrets) {
        super(BuiltInTool.GENERIC_WEBHOOK, CONFIG);
        this.signingSecrets = signingSecrets;
    }

    @Override
    protected void addFieldProblems(JsonNode config, List<FieldProblem> errors) {
        JsonNode url = config.path("url");
        if (!url.isString()) {
            errors.add(new FieldProblem("config.url", "is required"));
        } else {
            String problem = urlProblem(url.asString());
            if (problem != null) {
                errors.add(new FieldProblem("config.url", problem));
            }
        }
        JsonNode headers = config.path("headers");
        if (!headers.isMissingNode() && !headers.isObject()) {
            errors.add(new FieldProblem("config.headers", "must be an object of header names to values"));
        } else if (headers.isObject()) {
            for (Map.Entry<String, JsonNode> header : headers.properties()) {
                headerProblems(header.getKey(), header.getValue(), errors);
            }
        }
        if (config.has("body")) {
            Templates.problems(config.path("body"), true).forEach(p -> errors.add(new FieldProblem("config.body", p)));
        }
    }

    /** The signing secret of the new webhook action, made in the transaction that creates it. */
    @Override
    public String created(String workspaceId, String name) {
        return signingSecrets.create(workspaceId, name);
    }

    private static void headerProblems(String name, JsonNode value, List<FieldProblem> errors) {
        String field = "config.headers." + name;
        if (!HEADER_NAME.matcher(name).matches()) {
            errors.add(new FieldProblem(field, "is not a valid header name"));
        } else if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            errors.add(new FieldProblem(field, "is set by Polaris and cannot be configured"));
        }
        if (!value.isString()) {
            errors.add(new FieldProblem(field, "must be a string"));
            return;
        }
        String text = value.asString();
        if (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0) {
            errors.add(new FieldProblem(field, "must not contain CR, LF or NUL"));
        }
        Templates.problems(text, true).forEach(p -> errors.add(new FieldProblem(field, p)));
    }

    /** Why a webhook URL is refused, or null: https only, absolute, no credentials, no placeholders. */
    static @Nullable String urlProblem(String url) {
        if (url.contains("{{")) {
            return "must not contain placeholders (the URL is fixed; use headers or the body)";
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return "must be an https URL";
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return "must name a host";
        }
        if (uri.getRawUserInfo() != null) {
            return "must not contain credentials (use a header with {{secret:<name>}})";
        }
        if (uri.getRawFragment() != null) {
            return "must not contain a fragment";
        }
        return null;
    }
}
