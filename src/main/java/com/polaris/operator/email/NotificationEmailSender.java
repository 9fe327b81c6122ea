package com.polaris.operator.email;

import com.polaris.operator.notification.EmailSender;
import com.polaris.operator.secret.Secrets;
import com.polaris.operator.secret.UnknownSecret;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Date;
import lombok.RequiredArgsConstructor;
import org.springframework.stereotype.Component;

/**
 * Sends the notification module's emails (approvals waiting for a reviewer) through the same SMTP
 * settings as {@code send_email}: plain text, addresses parsed strictly, headers set through the
 * mail API only, and a {@code Message-ID} made from the email's key.
 */
@Component
@RequiredArgsConstructor
class NotificationEmailSender implements EmailSender {

    private final SmtpSettings smtp;
    private final Secrets secrets;
    private final Clock clock;

    @Override
    public boolean configured() {
        return smtp.configured();
    }

    @Override
    public void send(Email email) {
        if (!configured()) {
            throw new NotSent("Email is not configured.", false);
        }
        try {
            InternetAddress from = address(smtp.from());
            InternetAddress to = address(email.to());
            String domain = from.getAddress().substring(from.getAddress().indexOf('@') + 1);
            MimeMessage message = new KeyedMessage(
                    Session.getInstance(smtp.sessionProperties()), "<" + email.key() + ".polaris@" + domain + ">");
            message.setFrom(from);
            message.setRecipient(Message.RecipientType.TO, to);
            message.setSubject(oneLine(email.subject()), StandardCharsets.UTF_8.name());
            message.setSentDate(Date.from(clock.instant()));
            message.setText(email.body(), StandardCharsets.UTF_8.name());
            if (smtp.username().isBlank()) {
                Transport.send(message);
            } else {
                Transport.send(message, smtp.username(), smtp.password(secrets, email.workspaceId()));
            }
        } catch (AddressException e) {
            throw new NotSent("An address is not a valid email address.", false);
        } catch (UnknownSecret e) {
            throw new NotSent("The SMTP password names a secret the workspace does not have.", false);
        } catch (AuthenticationFailedException e) {
            throw new NotSent("The SMTP server refused the configured credentials.", false);
        } catch (SendFailedException e) {
            throw new NotSent("The SMTP server refused the message or its recipient.", false);
        } catch (MessagingException e) {
            throw new NotSent("The SMTP conversation failed (" + e.getClass().getSimpleName() + ").", true);
        }
    }

    private static InternetAddress address(String text) throws AddressException {
        if (!text.equals(oneLine(text))) {
            throw new AddressException("control characters");
        }
        InternetAddress[] parsed = InternetAddress.parse(text, true);
        if (parsed.length != 1) {
            throw new AddressException("not one address");
        }
        parsed[0].validate();
        return parsed[0];
    }

    /** A header value never carries CR, LF or NUL: they would start a header of their own. */
    private static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\x00]+", " ");
    }
}
