package io.github.embeddedbackup.core.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The built-in HTTP channels, named as in logs and meters ({@code slack}, {@code teams},
 * {@code webhook}, {@code heartbeat}), sharing one HTTP client per timeout.
 */
public final class NotificationChannels {

    private static final Map<Duration, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    private NotificationChannels() {}

    public static NotificationChannel slack(URI webhookUrl, Set<EventType> events, Duration timeout) {
        return new NotificationChannel("slack", new SlackNotifier(webhookUrl, httpClient(timeout), timeout), events);
    }

    public static NotificationChannel teams(URI workflowUrl, Set<EventType> events, Duration timeout) {
        return new NotificationChannel("teams", new TeamsNotifier(workflowUrl, httpClient(timeout), timeout), events);
    }

    /** @param secret a Standard Webhooks secret ({@code whsec_...}), or null to send unsigned */
    public static NotificationChannel webhook(URI url, @Nullable String secret, Map<String, String> headers, Set<EventType> events,
            Duration timeout) {
        return new NotificationChannel("webhook", new WebhookNotifier(url, secret, headers, httpClient(timeout), timeout), events);
    }

    /** Sent {@link HeartbeatNotifier#EVENTS}. */
    public static NotificationChannel heartbeat(URI base, Duration timeout) {
        HeartbeatNotifier notifier = new HeartbeatNotifier(base, httpClient(timeout), timeout);
        return new NotificationChannel("heartbeat", notifier, notifier.pingable(HeartbeatNotifier.EVENTS));
    }

    /** A client connecting within {@code timeout}, following redirects except from https to http, over HTTP/1.1. */
    public static HttpClient httpClient(Duration timeout) {
        return CLIENTS.computeIfAbsent(timeout, t -> HttpClient.newBuilder().connectTimeout(t).followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1).build());
    }

    /**
     * Parses a channel's URL, refusing anything but an absolute http(s) URL with a host.
     *
     * @param what how the message names it, e.g. "--notify-webhook"; the URL itself is never echoed (it may be a credential)
     * @throws IllegalArgumentException when it is not usable
     */
    public static URI httpUrl(String text, String what) {
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + " is not a valid URL (" + e.getReason() + ").");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(what + " must be an http:// or https:// URL.");
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException(what + " has no host name.");
        }
        if (url.getPort() > 65535) {
            throw new IllegalArgumentException(what + " has a port above 65535.");
        }
        return url;
    }
}
