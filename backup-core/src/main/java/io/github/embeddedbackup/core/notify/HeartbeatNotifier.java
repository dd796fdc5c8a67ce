package io.github.embeddedbackup.core.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Pings a dead man's switch in the healthchecks.io convention: {@code BASE/start} when a backup
 * starts, {@code BASE} when it succeeded, {@code BASE/fail} when it failed, so the monitor alerts
 * when the pings stop or a run fails. Healthchecks.io (and self-hosted Healthchecks) and Better
 * Stack heartbeats follow it. Each ping is a POST with a short plain-text body (the error, on
 * failure), which Healthchecks keeps in the check's log.
 */
public final class HeartbeatNotifier implements BackupNotifier {

    /** The events a heartbeat is sent. */
    public static final Set<EventType> EVENTS = Set.copyOf(EnumSet.of(EventType.BACKUP_STARTED, EventType.BACKUP_SUCCEEDED, EventType.BACKUP_FAILED));

    /** Healthchecks.io keeps the first 100 kB of a body; 10 kB is plenty for an error. */
    static final int BODY_MAX_BYTES = 10_000;

    private final HttpDelivery http;

    /** @param base the check's ping URL, e.g. {@code https://hc-ping.com/UUID}: a credential, never logged nor shown */
    public HeartbeatNotifier(URI base, HttpClient client, Duration timeout) {
        this.http = new HttpDelivery("the heartbeat", base, client, timeout);
    }

    @Override
    public void send(NotificationEvent event) throws DeliveryException, InterruptedException {
        String suffix = switch (event.type()) {
            case BACKUP_STARTED -> "/start";
            case BACKUP_SUCCEEDED -> "";
            case BACKUP_FAILED -> "/fail";
            default -> null;
        };
        if (suffix == null) {
            return;
        }
        HttpRequest request = http.request(target(http.url(), suffix)).header("Content-Type", "text/plain; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body(event))).build();
        http.send(request, status -> status == 404 || status == 410 ? "the heartbeat URL is wrong or its check was deleted"
                : "the heartbeat refused the ping");
    }

    /** {@code base} with {@code suffix} appended to its path (a trailing slash dropped), its query kept. */
    static URI target(URI base, String suffix) throws DeliveryException {
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        String text = base.getScheme() + "://" + base.getRawAuthority() + path + suffix + (base.getRawQuery() == null ? "" : "?" + base.getRawQuery());
        try {
            return new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new DeliveryException("cannot send to the heartbeat: its URL with " + (suffix.isEmpty() ? "no suffix" : suffix)
                    + " appended is not valid", false);
        }
    }

    private static String body(NotificationEvent event) {
        String text = event.type() == EventType.BACKUP_FAILED && event.error() != null ? NotificationText.subject(event) + "\n\n" + event.error()
                : NotificationText.body(event);
        return NotificationText.truncateUtf8(text, BODY_MAX_BYTES);
    }

    @Override
    public String toString() {
        return "HeartbeatNotifier";
    }
}
