package com.polaris.operator.email;

import com.polaris.operator.secret.Secrets;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SMTP server {@code send_email} and notification emails send through ({@code polaris.smtp.*}). Email is off while
 * {@code host} or {@code from} is blank; a blank {@code username} means no authentication. The
 * password may be a {@code {{secret:<name>}}} reference.
 */
@ConfigurationProperties("polaris.smtp")
record SmtpSettings(
        @DefaultValue("") String host,
        @DefaultValue("587") int port,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @DefaultValue("true") boolean starttls,
        @DefaultValue("") String from,
        @DefaultValue("10s") Duration timeout) {

    private static final Pattern SECRET_REFERENCE =
            Pattern.compile("\\{\\{\\s*secret:([A-Za-z][A-Za-z0-9_.-]{0,63})\\s*}}");

    boolean configured() {
        return !host.isBlank() && !from.isBlank();
    }

    /** The password to authenticate with, a {@code {{secret:<name>}}} reference read from {@code workspaceId}. */
    String password(Secrets secrets, String workspaceId) {
        Matcher reference = SECRET_REFERENCE.matcher(password.trim());
        return reference.matches() ? secrets.reveal(workspaceId, reference.group(1)) : password;
    }

    /** The Jakarta Mail session's properties: server, authentication, STARTTLS and timeouts. */
    Properties sessionProperties() {
        var props = new Properties();
        String timeoutMillis = Integer.toString((int) timeout.toMillis());
        props.put("mail.smtp.host", host);
        props.put("mail.smtp.port", Integer.toString(port));
        props.put("mail.smtp.auth", Boolean.toString(!username.isBlank()));
        props.put("mail.smtp.starttls.enable", Boolean.toString(starttls));
        props.put("mail.smtp.starttls.required", Boolean.toString(starttls));
        props.put("mail.smtp.connectiontimeout", timeoutMillis);
        props.put("mail.smtp.timeout", timeoutMillis);
        props.put("mail.smtp.writetimeout", timeoutMillis);
        return props;
    }
}
