package io.github.embeddedbackup.autoconfigure.properties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Alerts about backups ({@code backup.notifications.*}): each channel is on when its URL (or e-mail
 * recipient) is set. URLs and secrets are checked at start-up and never logged.
 *
 * @param link A link shown in every message, e.g. the admin page or a runbook.
 * @param testOnStartup Send one test message to every channel at start-up.
 * @param slack Slack incoming webhook.
 * @param teams Microsoft Teams Workflows webhook.
 * @param webhook Generic JSON webhook, signed as Standard Webhooks says when a secret is set.
 * @param email E-mail through the application's JavaMailSender (spring-boot-starter-mail).
 * @param heartbeat Dead-man's switch (healthchecks.io, Uptime Kuma push, Cronitor): pinged at each backup's start, success and failure.
 * @param storageLow When a destination counts as nearly full.
 * @param delivery Queue, retries and timeout of every channel.
 */
public record NotificationProperties(
        @Nullable String link,
        boolean testOnStartup,
        @DefaultValue Slack slack,
        @DefaultValue Teams teams,
        @DefaultValue Webhook webhook,
        @DefaultValue Email email,
        @DefaultValue Heartbeat heartbeat,
        @DefaultValue StorageLow storageLow,
        @DefaultValue Delivery delivery) {

    /**
     * Slack ({@code backup.notifications.slack.*}).
     *
     * @param webhookUrl The incoming webhook URL (https://hooks.slack.com/services/...). A credential: keep it in an environment variable.
     * @param events Events sent; default backup-failed, stale, recovered, restore-succeeded, restore-failed, verify-failed,
     *     destination-failed, storage-low, drill-failed. Add backup-succeeded to hear of every backup.
     */
    public record Slack(@Nullable String webhookUrl, @Nullable List<String> events) {}

    /**
     * Microsoft Teams ({@code backup.notifications.teams.*}).
     *
     * @param webhookUrl The URL of a Teams Workflows "post to a channel when a webhook request is received" flow. A credential.
     * @param events Events sent; the same default as Slack.
     */
    public record Teams(@Nullable String webhookUrl, @Nullable List<String> events) {}

    /**
     * Generic JSON webhook ({@code backup.notifications.webhook.*}).
     *
     * @param url Where the events are POSTed as JSON.
     * @param secret Signing secret, whsec_ followed by a base64 key: adds the Standard Webhooks headers webhook-id, webhook-timestamp,
     *     webhook-signature.
     * @param headers Extra HTTP headers sent with every request (e.g. Authorization); never logged.
     * @param events Events sent; the same default as Slack.
     */
    public record Webhook(@Nullable String url, @Nullable String secret, @Nullable Map<String, String> headers,
            @Nullable List<String> events) {

        public Webhook {
            headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }
    }

    /**
     * E-mail ({@code backup.notifications.email.*}); needs spring-boot-starter-mail and spring.mail.host.
     *
     * @param to Recipients; e-mail is on when at least one is set.
     * @param from Sender address; default: the mail server's default sender.
     * @param events Events sent; the same default as Slack.
     */
    public record Email(@Nullable List<String> to, @Nullable String from, @Nullable List<String> events) {

        public Email {
            to = to == null ? List.of() : List.copyOf(to.stream().map(String::trim).filter(address -> !address.isEmpty()).toList());
        }
    }

    /**
     * Heartbeat ({@code backup.notifications.heartbeat.*}).
     *
     * @param url The check's ping URL, e.g. https://hc-ping.com/UUID: URL/start when a backup starts, URL on success, URL/fail on failure.
     * @param events Events pinged; default backup-started, backup-succeeded, attempt-failed, backup-failed.
     */
    public record Heartbeat(@Nullable String url, @Nullable List<String> events) {}

    /**
     * Nearly full destinations ({@code backup.notifications.storage-low.*}).
     *
     * @param freeBelow A local destination is nearly full when its free space is below this: a share ("10%") or a size ("5GB").
     *     A destination with retention.max-total-size is also nearly full when its backups use more than 90 % of it.
     */
    public record StorageLow(@DefaultValue("10%") String freeBelow) {}

    /**
     * Delivery of every channel ({@code backup.notifications.delivery.*}).
     *
     * @param maxAttempts Attempts per message, the first included; network errors, HTTP 5xx and 429 are retried, other 4xx not.
     * @param initialBackoff Wait before the first retry; doubled for each further one.
     * @param timeout Timeout of each call.
     * @param queueCapacity Messages waiting per channel; more are dropped (and counted).
     */
    public record Delivery(@DefaultValue("4") int maxAttempts, @DefaultValue("1s") Duration initialBackoff,
            @DefaultValue("10s") Duration timeout, @DefaultValue("100") int queueCapacity) {

        public Delivery {
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new IllegalArgumentException("backup.notifications.delivery.max-attempts must be between 1 and 20");
            }
            if (initialBackoff == null || initialBackoff.isNegative()) {
                throw new IllegalArgumentException("backup.notifications.delivery.initial-backoff must be zero or positive, e.g. 2s");
            }
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("backup.notifications.delivery.timeout must be positive, e.g. 10s");
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("backup.notifications.delivery.queue-capacity must be at least 1");
            }
        }
    }
}
