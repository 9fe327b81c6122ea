package com.polaris.operator.email;

import com.polaris.operator.catalog.BuiltInTool;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.secret.Templates;
import com.polaris.operator.secret.UnknownSecret;
import com.polaris.operator.tool.ToolExecutor;
import com.polaris.operator.tool.ToolResult;
import com.polaris.operator.tool.ToolRun;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.eclipse.angus.mail.util.MailConnectException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * {@code send_email}: one plain-text email (optionally with an HTML alternative) over the SMTP
 * server of {@code POLARIS_SMTP_*}. Addresses are parsed strictly and CR, LF or NUL in any header
 * value is refused before anything is sent; headers are set through the mail API only. The
 * {@code Message-ID} is derived from the action id, so a retried send is recognisable as the same
 * message. The SMTP password may be {@code {{secret:<name>}}}, read from the action's workspace.
 */
@Component
@RequiredArgsConstructor
class SendEmailExecutor implements ToolExecutor {

    private final Secrets secrets;
    private final Clock clock;
    private final SmtpSettings smtp;

    @Override
    public String tool() {
        return BuiltInTool.SEND_EMAIL.wire();
    }

    private record Email(
            InternetAddress from,
            InternetAddress to,
            String subject,
            String body,
            @Nullable String html,
            String messageId) {}

    /** An email that cannot be sent as it stands; the message names the field, never a value. */
    private static final class Refused extends RuntimeException {

        Refused(String message) {
            super(message);
        }
    }

    @Override
    public ToolResult execute(ToolRun run) {
        if (smtp.host().isBlank() || smtp.from().isBlank()) {
            return ToolResult.Failure.permanent(
                    "smtp_not_configured", "Email is not configured: set POLARIS_SMTP_HOST and POLARIS_SMTP_FROM.");
        }
        Email email;
        String smtpPassword;
        try {
            email = compose(run, name -> secrets.reveal(run.workspaceId(), name));
            smtpPassword = smtp.password(secrets, run.workspaceId());
        } catch (UnknownSecret e) {
            return ToolResult.Failure.permanent("unknown_secret", e.getMessage() + " Nothing was sent.");
        } catch (Refused e) {
            return ToolResult.Failure.permanent("invalid_email", e.getMessage());
        }
        try {
            Session session = Session.getInstance(smtp.sessionProperties());
            MimeMessage message = message(session, email);
            if (smtp.username().isBlank()) {
                Transport.send(message);
            } else {
                Transport.send(message, smtp.username(), smtpPassword);
            }
            return new ToolResult.Success(Map.of("messageId", email.messageId()));
        } catch (AuthenticationFailedException e) {
            return ToolResult.Failure.permanent(
                    "smtp_auth_failed", "The SMTP server refused the configured credentials.");
        } catch (SendFailedException e) {
            return ToolResult.Failure.permanent(
                    "rejected", "The SMTP server refused the message or its recipient; nothing was sent.");
        } catch (MailConnectException e) {
            return new ToolResult.Failure("smtp_unreachable", "The SMTP server could not be reached.", true, false);
        } catch (MessagingException e) {
            boolean timeout = e.getCause() instanceof SocketTimeoutException;
            return new ToolResult.Failure(
                    timeout ? "timeout" : "smtp_error",
                    timeout
                            ? "The SMTP server stopped answering while the message was being sent."
                            : "The SMTP conversation failed (" + e.getClass().getSimpleName() + ").",
                    true,
                    true);
        }
    }

    @Override
    public @Nullable Map<String, Object> preview(ToolRun run) {
        try {
            Email email = compose(run, Templates.masked(secrets, run.workspaceId()));
            var preview = new LinkedHashMap<String, Object>();
            preview.put("from", email.from().toString());
            preview.put("to", email.to().toString());
            preview.put("subject", email.subject());
            preview.put("messageId", email.messageId());
            preview.put("body", email.body());
            preview.put("html", email.html());
            if (smtp.host().isBlank() || smtp.from().isBlank()) {
                preview.put("warning", "Email is not configured: set POLARIS_SMTP_HOST and POLARIS_SMTP_FROM.");
            }
            return preview;
        } catch (UnknownSecret | Refused e) {
            throw new PreviewRefused(e.getMessage());
        }
    }

    private Email compose(ToolRun run, Templates.SecretValues values) {
        var context = new Templates.Context(run.arguments(), run.conversationId(), run.actionId());
        String to = field(run, "to", context, values);
        String subject = field(run, "subject", context, values);
        String body = field(run, "body", context, values);
        String html = field(run, "html", context, values);
        if (to == null || subject == null || body == null) {
            throw new Refused("An email needs to, subject and body.");
        }
        headerValue("to", to);
        headerValue("subject", subject);
        InternetAddress sender = address("from", smtp.from().isBlank() ? "polaris@localhost" : smtp.from());
        InternetAddress recipient = address("to", to);
        String domain = sender.getAddress().substring(sender.getAddress().indexOf('@') + 1);
        return new Email(sender, recipient, subject, body, html, "<" + run.actionId() + ".polaris@" + domain + ">");
    }

    /** The custom action's template for {@code name} when it has one, else the argument of that name. */
    private static @Nullable String field(
            ToolRun run, String name, Templates.Context context, Templates.SecretValues values) {
        JsonNode config = run.config();
        if (config != null && config.path(name).isString()) {
            return Templates.text(config.path(name).asString(), context, values);
        }
        JsonNode argument = run.arguments().path(name);
        return argument.isString() ? argument.asString() : null;
    }

    private static void headerValue(String field, String value) {
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
            throw new Refused("The " + field + " must not contain CR, LF or NUL; nothing was sent.");
        }
    }

    private static InternetAddress address(String field, String text) {
        headerValue(field, text);
        try {
            InternetAddress[] parsed = InternetAddress.parse(text, true);
            if (parsed.length != 1) {
                throw new Refused("The " + field + " must be exactly one email address.");
            }
            parsed[0].validate();
            return parsed[0];
        } catch (AddressException e) {
            throw new Refused("The " + field + " is not a valid email address.");
        }
    }

    private MimeMessage message(Session session, Email email) throws MessagingException {
        MimeMessage message = new KeyedMessage(session, email.messageId());
        message.setFrom(email.from());
        message.setRecipient(Message.RecipientType.TO, email.to());
        message.setSubject(email.subject(), StandardCharsets.UTF_8.name());
        message.setSentDate(Date.from(clock.instant()));
        if (email.html() == null) {
            message.setText(email.body(), StandardCharsets.UTF_8.name());
        } else {
            var text = new MimeBodyPart();
            text.setText(email.body(), StandardCharsets.UTF_8.name());
            var html = new MimeBodyPart();
            html.setText(email.html(), StandardCharsets.UTF_8.name(), "html");
            message.setContent(new MimeMultipart("alternative", text, html));
        }
        return message;
    }
}
