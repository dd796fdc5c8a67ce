package io.github.embeddedbackup.core.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts to a Slack incoming webhook: a one-line {@code text} for notifications and old clients,
 * and Block Kit {@code blocks} (a header, the facts as fields, the error, the details and a
 * button to the link), within Slack's size limits.
 */
public final class SlackNotifier implements BackupNotifier {

    static final int HEADER_MAX = 150;
    static final int FIELD_MAX = 2000;
    static final int FIELDS_MAX = 10;
    static final int SECTION_MAX = 3000;

    private final HttpDelivery http;

    /** @param webhookUrl the incoming webhook's URL, a credential: never logged nor shown */
    public SlackNotifier(URI webhookUrl, HttpClient client, Duration timeout) {
        this.http = new HttpDelivery("the Slack webhook", webhookUrl, client, timeout);
    }

    @Override
    public void send(NotificationEvent event) throws DeliveryException, InterruptedException {
        HttpRequest request = http.request(http.url()).header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload(event))).build();
        http.send(request, SlackNotifier::refusal);
    }

    /** Slack answers 200 "ok"; 403 invalid_token, 404 no_service, 410 channel_is_archived mean the URL no longer works. */
    private static String refusal(int status) {
        return switch (status) {
            case 401, 403, 404, 410 -> "the Slack webhook URL is wrong or revoked; create a new incoming webhook and set its URL";
            case 400 -> "Slack refused the message";
            default -> "Slack refused the message; check the webhook URL";
        };
    }

    static String payload(NotificationEvent event) {
        ObjectNode root = Json.object();
        root.put("text", fallback(event));
        ArrayNode blocks = root.putArray("blocks");

        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", NotificationText.truncate(icon(event.type()) + " "
                + NotificationText.title(event), HEADER_MAX)).put("emoji", true);

        ObjectNode facts = blocks.addObject().put("type", "section");
        ArrayNode fields = facts.putArray("fields");
        List<Map.Entry<String, String>> all = NotificationText.facts(event);
        for (Map.Entry<String, String> fact : all.subList(0, Math.min(all.size(), FIELDS_MAX))) {
            fields.addObject().put("type", "mrkdwn").put("text", NotificationText.truncate("*" + fact.getKey() + "*\n" + escape(fact.getValue()),
                    FIELD_MAX));
        }

        if (event.error() != null) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn").put("text",
                    "*Error*\n```" + NotificationText.truncate(escape(event.error().strip()), SECTION_MAX - 14) + "```");
        }
        if (!event.details().isEmpty()) {
            StringBuilder details = new StringBuilder();
            event.details().forEach((name, value) -> details.append(details.isEmpty() ? "" : "  ·  ").append('*').append(escape(name))
                    .append("*: ").append(escape(value)));
            blocks.addObject().put("type", "context").putArray("elements").addObject().put("type", "mrkdwn").put("text",
                    NotificationText.truncate(details.toString(), SECTION_MAX));
        }
        if (isWebLink(event.link())) {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject().put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", "Open");
            button.put("url", event.link());
        }
        return Json.write(root);
    }

    /** One line: the title, host and the error's first line. */
    private static String fallback(NotificationEvent event) {
        String line = NotificationText.title(event) + " on " + event.host();
        if (event.error() != null && !event.error().isBlank()) {
            line += ": " + event.error().strip().lines().findFirst().orElse("");
        }
        return NotificationText.truncate(escape(line), SECTION_MAX);
    }

    static String icon(EventType type) {
        if (type.problem()) {
            return "❌";
        }
        return switch (type) {
            case BACKUP_SUCCEEDED, RECOVERED, RESTORE_SUCCEEDED -> "✅";
            default -> "ℹ️";
        };
    }

    /** Slack's mrkdwn treats these three as control characters. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static boolean isWebLink(@Nullable String link) {
        if (link == null) {
            return false;
        }
        String lower = link.toLowerCase(Locale.ROOT);
        return (lower.startsWith("https://") || lower.startsWith("http://")) && link.length() <= SECTION_MAX;
    }

    @Override
    public String toString() {
        return "SlackNotifier";
    }
}
