package io.github.embeddedbackup.autoconfigure.notify;

import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.autoconfigure.properties.NotificationProperties;
import io.github.embeddedbackup.core.notify.EventType;
import io.github.embeddedbackup.core.notify.HeartbeatNotifier;
import io.github.embeddedbackup.core.notify.NotificationChannel;
import io.github.embeddedbackup.core.notify.NotificationChannels;
import io.github.embeddedbackup.core.notify.SlackNotifier;
import io.github.embeddedbackup.core.notify.StandardWebhookSigner;
import io.github.embeddedbackup.core.notify.TeamsNotifier;
import io.github.embeddedbackup.core.notify.WebhookNotifier;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP channels switched on by {@code backup.notifications.*}, each checked at start-up: a URL that
 * does not parse, a secret of the wrong form or an unknown event name stops the start with the property
 * named, never its value (a Slack URL is a credential).
 */
final class NotificationChannelFactory {

    private final NotificationProperties properties;
    private final HttpClient http;
    private final Duration timeout;

    NotificationChannelFactory(NotificationProperties properties) {
        this.properties = properties;
        this.timeout = properties.delivery().timeout();
        this.http = NotificationChannels.httpClient(timeout);
    }

    List<NotificationChannel> httpChannels() {
        List<NotificationChannel> channels = new ArrayList<>();
        String prefix = "backup.notifications.";
        NotificationProperties.Slack slack = properties.slack();
        if (isSet(slack.webhookUrl())) {
            channels.add(new NotificationChannel("slack", new SlackNotifier(url(slack.webhookUrl(), prefix + "slack.webhook-url"), http, timeout),
                    withTest(events(slack.events(), prefix + "slack.events", EventType.DEFAULTS))));
        }
        NotificationProperties.Teams teams = properties.teams();
        if (isSet(teams.webhookUrl())) {
            channels.add(new NotificationChannel("teams", new TeamsNotifier(url(teams.webhookUrl(), prefix + "teams.webhook-url"), http, timeout),
                    withTest(events(teams.events(), prefix + "teams.events", EventType.DEFAULTS))));
        }
        NotificationProperties.Webhook webhook = properties.webhook();
        if (isSet(webhook.url())) {
            URI url = url(webhook.url(), prefix + "webhook.url");
            String secret = isSet(webhook.secret()) ? webhook.secret().trim() : null;
            if (secret != null) {
                unresolved(secret, prefix + "webhook.secret");
                try {
                    new StandardWebhookSigner(secret);
                } catch (IllegalArgumentException e) {
                    // The signer's message never holds the secret.
                    throw new BackupPropertyException(prefix + "webhook.secret", e.getMessage() + " (The value is not shown.)",
                            "use the secret your webhook receiver gave you, e.g. from an environment variable: "
                                    + "backup.notifications.webhook.secret=${BACKUP_WEBHOOK_SECRET}", null);
                }
            }
            webhook.headers().forEach((name, value) -> checkHeader(url, name, value, prefix + "webhook.headers." + name));
            channels.add(new NotificationChannel("webhook", new WebhookNotifier(url, secret, webhook.headers(), http, timeout),
                    withTest(events(webhook.events(), prefix + "webhook.events", EventType.DEFAULTS))));
        } else if (isSet(webhook.secret()) || !webhook.headers().isEmpty()) {
            throw new BackupPropertyException(prefix + "webhook.url", "backup.notifications.webhook.secret or .headers is set but the "
                    + "webhook has no URL.", "set backup.notifications.webhook.url, or remove the other webhook settings", null);
        }
        NotificationProperties.Heartbeat heartbeat = properties.heartbeat();
        if (isSet(heartbeat.url())) {
            HeartbeatNotifier notifier = new HeartbeatNotifier(url(heartbeat.url(), prefix + "heartbeat.url"), http, timeout);
            // Only what it can ping: the test is not (a ping would count as a run), nor a start for Uptime Kuma.
            channels.add(new NotificationChannel("heartbeat", notifier, notifier.pingable(events(heartbeat.events(), prefix + "heartbeat.events",
                    HeartbeatNotifier.EVENTS))));
        }
        return channels;
    }

    /** The events of a message channel, with the start-up test message. */
    static Set<EventType> withTest(Set<EventType> events) {
        Set<EventType> all = new LinkedHashSet<>(events);
        all.add(EventType.TEST);
        return all;
    }

    /** A header the HTTP client can send: a name it allows, no line breaks; the value is never shown. */
    private static void checkHeader(URI url, String name, @Nullable String value, String property) {
        String problem = null;
        if (value == null || value.contains("\r") || value.contains("\n")) {
            problem = "its value is empty or holds a line break";
        } else if (name.toLowerCase(Locale.ROOT).startsWith("webhook-") || name.equalsIgnoreCase("content-type")) {
            problem = "the channel sets this header itself";
        } else {
            try {
                java.net.http.HttpRequest.newBuilder(url).header(name, value);
            } catch (IllegalArgumentException e) {
                problem = "HTTP does not let a client set it (a reserved name such as Host, Connection or Content-Length) or its name or "
                        + "value holds characters HTTP does not allow";
            }
        }
        if (problem != null) {
            throw new BackupPropertyException(property, "the webhook header '" + name + "' cannot be sent: " + problem
                    + ". The value is not shown.", "remove it, or give a header such as Authorization with a one-line value", null);
        }
    }

    /** A value that still holds a placeholder: the environment variable it names was not set. */
    private static void unresolved(String value, String property) {
        java.util.regex.Matcher placeholder = java.util.regex.Pattern.compile("\\$\\{([^}:]+)").matcher(value);
        if (placeholder.find()) {
            throw new BackupPropertyException(property, "the placeholder ${" + placeholder.group(1) + "} was not resolved: nothing by that "
                    + "name is set.", "set the environment variable " + placeholder.group(1) + " (or the property it names) before "
                    + "starting the application", null);
        }
    }

    /** The events of a channel; its default when none is set. */
    static Set<EventType> events(@Nullable List<String> names, String property, Set<EventType> defaults) {
        if (names == null || names.stream().allMatch(String::isBlank)) {
            return defaults;
        }
        Set<EventType> events = new LinkedHashSet<>();
        for (String name : names) {
            if (name.isBlank()) {
                continue;
            }
            try {
                events.add(EventType.of(name));
            } catch (IllegalArgumentException e) {
                throw new BackupPropertyException(property, e.getMessage(), "list event names separated by commas, e.g. "
                        + "backup-failed,stale,recovered", null);
            }
        }
        return events;
    }

    /** The URL in {@code value}, or a start-up error naming {@code property} that never shows the value. */
    static URI url(@Nullable String value, String property) {
        String trimmed = value == null ? "" : value.trim();
        unresolved(trimmed, property);
        String problem;
        try {
            URI uri = new URI(trimmed);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && !uri.getHost().isEmpty() && uri.getPort() <= 65535) {
                return uri;
            }
            problem = !scheme.equals("http") && !scheme.equals("https") ? "it does not start with https:// (or http://)"
                    : uri.getHost() == null || uri.getHost().isEmpty() ? "it has no host" : "its port is above 65535";
        } catch (URISyntaxException e) {
            problem = "it does not parse at character " + e.getIndex() + " (" + e.getReason() + ")";
        }
        throw new BackupPropertyException(property, "the value is not a usable http(s) URL: " + problem + ". The value is not shown, "
                + "as such a URL is a credential.", "copy the whole URL again, e.g. " + example(property) + ", without quotes or spaces", null);
    }

    private static String example(String property) {
        return property.contains("slack") ? "https://hooks.slack.com/services/..." : property.contains("teams")
                ? "https://prod-00.westeurope.logic.azure.com/workflows/..." : property.contains("heartbeat") ? "https://hc-ping.com/UUID"
                : "https://ops.example.com/hooks/backup";
    }

    static boolean isSet(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}
