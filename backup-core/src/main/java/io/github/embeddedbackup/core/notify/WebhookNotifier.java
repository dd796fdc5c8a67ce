package io.github.embeddedbackup.core.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * POSTs the event as JSON to any URL, in the Standard Webhooks shape: {@code type},
 * {@code timestamp}, {@code data}; signed with {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature} headers when a secret is set. The schema is in docs/notifications.md.
 */
public final class WebhookNotifier implements BackupNotifier {

    private final HttpDelivery http;
    private final @Nullable StandardWebhookSigner signer;
    private final Map<String, String> headers;
    private final Clock clock;

    /**
     * @param secret a Standard Webhooks secret ({@code whsec_} and a base64 key), or null to send unsigned
     * @param headers further headers, e.g. an Authorization token: sent, never logged
     * @throws IllegalArgumentException on a bad URL, secret or header, without echoing any of them
     */
    public WebhookNotifier(URI url, @Nullable String secret, Map<String, String> headers, HttpClient client, Duration timeout) {
        this(url, secret, headers, client, timeout, Clock.systemUTC());
    }

    WebhookNotifier(URI url, @Nullable String secret, Map<String, String> headers, HttpClient client, Duration timeout, Clock clock) {
        this.http = new HttpDelivery("the webhook", url, client, timeout);
        this.signer = secret == null ? null : new StandardWebhookSigner(secret);
        this.headers = Map.copyOf(checkedHeaders(url, headers));
        this.clock = clock;
    }

    private static Map<String, String> checkedHeaders(URI url, Map<String, String> headers) {
        Map<String, String> checked = new LinkedHashMap<>();
        headers.forEach((name, value) -> {
            try {
                HttpRequest.newBuilder(url).header(name, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("The webhook header '" + name + "' cannot be sent: its name is reserved or "
                        + "its name or value holds characters HTTP does not allow.");
            }
            checked.put(name, value);
        });
        return checked;
    }

    @Override
    public void send(NotificationEvent event) throws DeliveryException, InterruptedException {
        String body = payload(event);
        HttpRequest.Builder request = http.request(http.url()).header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        if (signer != null) {
            // The id stays the same on every retry (receivers deduplicate on it); the timestamp is this attempt's.
            long timestamp = clock.instant().getEpochSecond();
            request.header("webhook-id", event.id());
            request.header("webhook-timestamp", Long.toString(timestamp));
            request.header("webhook-signature", signer.sign(event.id(), timestamp, body));
        }
        http.send(request.build(), WebhookNotifier::refusal);
    }

    private static String refusal(int status) {
        return switch (status) {
            case 401, 403 -> "the receiver refused the credentials; check the secret and the headers";
            case 404, 410 -> "the webhook URL is wrong or no longer exists";
            default -> "the receiver refused the message";
        };
    }

    /** {"type": ..., "timestamp": ..., "data": {...}}, nulls left out. */
    static String payload(NotificationEvent event) {
        ObjectNode root = Json.object();
        root.put("type", event.type().id());
        root.put("timestamp", NotificationText.time(event.time()));
        ObjectNode data = root.putObject("data");
        data.put("id", event.id());
        data.put("service", event.service());
        data.put("host", event.host());
        putIfPresent(data, "backupId", event.backupId());
        event.sources().forEach(data.putArray("sources")::add);
        event.destinations().forEach(data.putArray("destinations")::add);
        if (event.size() != null) {
            data.put("size", event.size());
        }
        if (event.duration() != null) {
            data.put("durationSeconds", event.duration().toMillis() / 1000.0);
        }
        if (event.nextRun() != null) {
            data.put("nextRun", NotificationText.time(event.nextRun()));
        }
        putIfPresent(data, "error", event.error());
        putIfPresent(data, "link", event.link());
        ObjectNode details = data.putObject("details");
        event.details().forEach(details::put);
        return Json.write(root);
    }

    private static void putIfPresent(ObjectNode node, String name, @Nullable String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    @Override
    public String toString() {
        return "WebhookNotifier" + (signer == null ? "" : " (signed)");
    }
}
