package io.github.embeddedbackup.core.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Pings a dead man's switch, so the monitor alerts when the pings stop or a run fails. The service is
 * told from the URL:
 * <ul>
 *   <li>healthchecks.io (and self-hosted Healthchecks, Better Stack): {@code BASE/start} when a backup
 *       attempt starts, {@code BASE} when it succeeded, {@code BASE/fail} when it failed; a POST with a
 *       short plain-text body (the error, on failure), which Healthchecks keeps in the check's log;</li>
 *   <li>Uptime Kuma push monitors (a path with {@code /api/push/}): {@code ?status=up&msg=…} or
 *       {@code ?status=down&msg=…}; a start is not sent (Kuma would count it as "up");</li>
 *   <li>Cronitor ({@code cronitor.link}): {@code ?state=run}, {@code complete} or {@code fail}, with
 *       {@code message}.</li>
 * </ul>
 */
public final class HeartbeatNotifier implements BackupNotifier {

    /** The events a heartbeat is sent. */
    public static final Set<EventType> EVENTS = Set.copyOf(EnumSet.of(EventType.BACKUP_STARTED, EventType.BACKUP_SUCCEEDED,
            EventType.ATTEMPT_FAILED, EventType.BACKUP_FAILED));

    /** The heartbeat services whose conventions are known. */
    enum Flavor {
        HEALTHCHECKS,
        UPTIME_KUMA,
        CRONITOR;

        static Flavor of(URI url) {
            String host = url.getHost() == null ? "" : url.getHost().toLowerCase(java.util.Locale.ROOT);
            String path = url.getRawPath() == null ? "" : url.getRawPath();
            return host.equals("cronitor.link") || host.endsWith(".cronitor.link") ? CRONITOR
                    : path.contains("/api/push/") ? UPTIME_KUMA : HEALTHCHECKS;
        }
    }

    /** Uptime Kuma shows a message in its history; a short one. */
    static final int KUMA_MESSAGE_MAX = 200;

    /** Healthchecks.io keeps the first 100 kB of a body; 10 kB is plenty for an error. */
    static final int BODY_MAX_BYTES = 10_000;

    private final HttpDelivery http;
    private final Flavor flavor;

    /** @param base the check's ping URL, e.g. {@code https://hc-ping.com/UUID}: a credential, never logged nor shown */
    public HeartbeatNotifier(URI base, HttpClient client, Duration timeout) {
        this.http = new HttpDelivery("the heartbeat", base, client, timeout);
        this.flavor = Flavor.of(http.url());
    }

    /**
     * The events of {@code wanted} this heartbeat can ping: those of {@link #EVENTS}, without the start for
     * Uptime Kuma (which has no such state). The others would only be skipped (and counted as sent).
     */
    public java.util.Set<EventType> pingable(java.util.Set<EventType> wanted) {
        java.util.Set<EventType> pingable = java.util.EnumSet.noneOf(EventType.class);
        wanted.stream().filter(EVENTS::contains).filter(type -> type != EventType.BACKUP_STARTED || flavor != Flavor.UPTIME_KUMA)
                .forEach(pingable::add);
        return pingable;
    }

    @Override
    public void send(NotificationEvent event) throws DeliveryException, InterruptedException {
        Outcome outcome = switch (event.type()) {
            case BACKUP_STARTED -> Outcome.START;
            case BACKUP_SUCCEEDED -> Outcome.SUCCESS;
            case BACKUP_FAILED, ATTEMPT_FAILED -> Outcome.FAILURE;
            default -> null;
        };
        if (outcome == null || outcome == Outcome.START && flavor == Flavor.UPTIME_KUMA) {
            return;
        }
        HttpRequest request = switch (flavor) {
            case HEALTHCHECKS -> http.request(target(http.url(), outcome == Outcome.START ? "/start" : outcome == Outcome.SUCCESS ? "" : "/fail"))
                    .header("Content-Type", "text/plain; charset=utf-8").POST(HttpRequest.BodyPublishers.ofString(body(event))).build();
            case UPTIME_KUMA -> http.request(withQuery(http.url(), java.util.List.of("status", "msg", "ping"), "status="
                    + (outcome == Outcome.SUCCESS ? "up" : "down") + "&msg=" + encode(kumaMessage(event)))).GET().build();
            case CRONITOR -> http.request(withQuery(http.url(), java.util.List.of("state", "message"), "state="
                    + (outcome == Outcome.START ? "run" : outcome == Outcome.SUCCESS ? "complete" : "fail") + "&message="
                    + encode(kumaMessage(event)))).GET().build();
        };
        http.send(request, status -> status == 404 || status == 410 ? "the heartbeat URL is wrong or its check was deleted"
                : "the heartbeat refused the ping");
    }

    private enum Outcome {
        START,
        SUCCESS,
        FAILURE
    }

    /** {@code base} with the query parameters named in {@code replaced} removed (a URL copied from Uptime Kuma has them) and {@code added} appended. */
    static URI withQuery(URI base, java.util.List<String> replaced, String added) throws DeliveryException {
        java.util.List<String> kept = new java.util.ArrayList<>();
        if (base.getRawQuery() != null) {
            for (String parameter : base.getRawQuery().split("&")) {
                String name = parameter.contains("=") ? parameter.substring(0, parameter.indexOf('=')) : parameter;
                if (!parameter.isEmpty() && !replaced.contains(name)) {
                    kept.add(parameter);
                }
            }
        }
        kept.add(added);
        try {
            return new URI(base.getScheme() + "://" + base.getRawAuthority() + (base.getRawPath() == null ? "" : base.getRawPath()) + "?"
                    + String.join("&", kept));
        } catch (java.net.URISyntaxException e) {
            throw new DeliveryException("cannot send to the heartbeat: its URL with the status added is not valid", false);
        }
    }

    private static String kumaMessage(NotificationEvent event) {
        String text = event.error() != null && event.type().problem() ? event.type().title() + ": " + event.error()
                : event.type().title() + (event.backupId() == null ? "" : " " + event.backupId());
        return text.length() <= KUMA_MESSAGE_MAX ? text : text.substring(0, KUMA_MESSAGE_MAX - 1) + "…";
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
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
        String text = event.type().problem() && event.error() != null ? NotificationText.subject(event) + "\n\n" + event.error()
                : NotificationText.body(event);
        return NotificationText.truncateUtf8(text, BODY_MAX_BYTES);
    }

    @Override
    public String toString() {
        return "HeartbeatNotifier";
    }
}
