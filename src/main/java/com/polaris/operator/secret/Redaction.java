package com.polaris.operator.secret;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Removes secret values from a text that may have picked them up (an exception message from a
 * library, a receiver's error text), including their Base64 forms, before it is stored or logged.
 */
public final class Redaction {

    private Redaction() {}

    public static String redact(String text, Collection<String> values) {
        String redacted = text;
        for (String value : values) {
            if (value.length() < 4) {
                continue;
            }
            for (String form : forms(value)) {
                redacted = redacted.replace(form, Templates.MASK);
            }
        }
        return redacted;
    }

    /** The value and the Base64 encodings a library might have put in a text (e.g. Basic auth). */
    static List<String> forms(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        String standard = Base64.getEncoder().encodeToString(bytes);
        String url = Base64.getUrlEncoder().encodeToString(bytes);
        return List.of(value, standard, standard.replace("=", ""), url, url.replace("=", ""));
    }
}
