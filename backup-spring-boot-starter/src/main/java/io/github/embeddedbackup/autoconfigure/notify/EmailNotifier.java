package io.github.embeddedbackup.autoconfigure.notify;

import io.github.embeddedbackup.core.notify.BackupNotifier;
import io.github.embeddedbackup.core.notify.DeliveryException;
import io.github.embeddedbackup.core.notify.NotificationEvent;
import io.github.embeddedbackup.core.notify.NotificationText;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSender;
import org.springframework.mail.SimpleMailMessage;

/** Sends each event as a plain-text e-mail through the application's {@link MailSender}. */
final class EmailNotifier implements BackupNotifier {

    private final MailSender sender;
    private final List<String> to;
    private final @Nullable String from;

    EmailNotifier(MailSender sender, List<String> to, @Nullable String from) {
        this.sender = sender;
        this.to = List.copyOf(to);
        this.from = from;
    }

    @Override
    public void send(NotificationEvent event) throws DeliveryException {
        SimpleMailMessage message = new SimpleMailMessage();
        if (from != null && !from.isBlank()) {
            message.setFrom(from);
        }
        message.setTo(to.toArray(String[]::new));
        message.setSubject(NotificationText.subject(event));
        message.setText(NotificationText.body(event));
        try {
            sender.send(message);
        } catch (MailAuthenticationException e) {
            throw new DeliveryException("the mail server refused the login (check spring.mail.username and spring.mail.password)", false);
        } catch (MailParseException | MailPreparationException e) {
            throw new DeliveryException("the message could not be built (check backup.notifications.email.to and .from): "
                    + e.getMessage(), false);
        } catch (MailException e) {
            throw new DeliveryException("the mail server did not take the message (check spring.mail.host and port): "
                    + e.getMessage(), true);
        }
    }

    @Override
    public String toString() {
        return "e-mail to " + to.size() + " recipient(s)";
    }
}
