package io.github.embeddedbackup.core.notify;

/**
 * A notification channel: sends one event somewhere (a chat, a webhook, a mailbox). Called on a
 * delivery thread of its own, never on the backup's; the {@link NotificationDispatcher} adds the
 * queue, the retries and the event filter. Throw an {@link java.io.IOException} or a retryable
 * {@link DeliveryException} for a failure worth retrying; any other exception is not retried.
 *
 * <p>An application adds its own channel by declaring a bean of this type.
 */
@FunctionalInterface
public interface BackupNotifier {

    void send(NotificationEvent event) throws Exception;
}
