package io.github.embeddedbackup.core.notify;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts an Adaptive Card to a Microsoft Teams Workflows webhook ("Post to a channel when a webhook
 * request is received"). Never the retired Office 365 connector MessageCard. Workflows answers 202
 * Accepted; any 2xx is success.
 */
public final class TeamsNotifier implements BackupNotifier {

    static final String CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive";

    private final HttpDelivery http;

    /** @param workflowUrl the workflow's HTTP trigger URL, a credential (it holds a signature): never logged nor shown */
    public TeamsNotifier(URI workflowUrl, HttpClient client, Duration timeout) {
        this.http = new HttpDelivery("the Teams workflow", workflowUrl, client, timeout);
    }

    @Override
    public void send(NotificationEvent event) throws DeliveryException, InterruptedException {
        HttpRequest request = http.request(http.url()).header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(payload(event))).build();
        http.send(request, TeamsNotifier::refusal);
    }

    private static String refusal(int status) {
        return switch (status) {
            case 401, 403, 404, 410 -> "the Teams workflow URL is wrong, expired or the workflow was turned off";
            default -> "Teams refused the message";
        };
    }

    static String payload(NotificationEvent event) {
        ObjectNode card = Json.object();
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");

        ObjectNode title = body.addObject().put("type", "TextBlock").put("text", NotificationText.title(event)).put("size", "Large")
                .put("weight", "Bolder").put("wrap", true);
        if (event.type().problem()) {
            title.put("color", "Attention");
        }
        ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
        for (Map.Entry<String, String> fact : NotificationText.facts(event)) {
            facts.addObject().put("title", fact.getKey()).put("value", fact.getValue());
        }
        event.details().forEach((name, value) -> facts.addObject().put("title", name).put("value", value));
        if (event.error() != null) {
            body.addObject().put("type", "TextBlock").put("text", NotificationText.truncate(event.error().strip(), 10_000)).put("wrap", true)
                    .put("color", "Attention");
        }
        if (SlackNotifier.isWebLink(event.link())) {
            card.putArray("actions").addObject().put("type", "Action.OpenUrl").put("title", "Open").put("url", event.link());
        }

        ObjectNode root = Json.object();
        root.put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", CARD_CONTENT_TYPE);
        attachment.putNull("contentUrl");
        attachment.set("content", card);
        return Json.write(root);
    }

    @Override
    public String toString() {
        return "TeamsNotifier";
    }
}
