package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.notify.EventType;
import io.github.embeddedbackup.core.notify.NotificationChannel;
import io.github.embeddedbackup.core.notify.NotificationChannels;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** Where the backup, restore and verify commands report: a signed JSON webhook and a heartbeat monitor. */
final class NotifyOptions {

    /** Short enough that the worst case (3 attempts, 1 + 2 s apart) fits the 15 s the command waits before exiting. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(4);

    @Option(names = "--notify-webhook", paramLabel = "URL", converter = HttpUrl.class,
            description = "POST a JSON event here when the command fails (and when a restore succeeds); see docs/notifications.md.")
    @Nullable URI webhook;

    @Option(names = "--notify-secret-env", paramLabel = "VAR",
            description = "Sign the webhook (Standard Webhooks) with the whsec_ secret held in environment variable VAR.")
    @Nullable String secretEnv;

    @Option(names = "--heartbeat", paramLabel = "URL", converter = HttpUrl.class,
            description = "backup only: a heartbeat ping URL: healthchecks.io (URL/start, then URL or URL/fail), Cronitor (cronitor.link, ?state=) "
                    + "or an Uptime Kuma push URL (?status=up|down).")
    @Nullable URI heartbeat;

    /**
     * Opens the channels; refuses a missing secret before the command does any work.
     *
     * @throws BackupConfigurationException naming the option and the variable, never the secret
     */
    CliNotifications open(PrintWriter err) {
        return open(err, null);
    }

    /**
     * Opens the channels of a command that is not a backup run: a heartbeat monitor expects the ping of each
     * backup, so {@code --heartbeat} on it is refused rather than silently never pinged.
     *
     * @param command the command's name, for the message; null for {@code backup}, which takes the heartbeat
     */
    CliNotifications open(PrintWriter err, @Nullable String command) {
        if (command != null && heartbeat != null) {
            throw new BackupConfigurationException("--heartbeat is taken by 'backup' only: a heartbeat monitor expects one ping per "
                    + "backup run, and '" + command + "' is not one. Remove --heartbeat; to hear of a failed " + command
                    + ", use --notify-webhook URL.");
        }
        String secret = secret();
        List<NotificationChannel> channels = new ArrayList<>();
        if (webhook != null) {
            try {
                channels.add(NotificationChannels.webhook(webhook, secret, Map.of(), EventType.DEFAULTS, CALL_TIMEOUT));
            } catch (IllegalArgumentException e) {
                throw new BackupConfigurationException("--notify-secret-env " + secretEnv + ": " + e.getMessage(), e);
            }
        }
        if (heartbeat != null) {
            channels.add(NotificationChannels.heartbeat(heartbeat, CALL_TIMEOUT));
        }
        return new CliNotifications(channels, err);
    }

    private @Nullable String secret() {
        if (secretEnv == null) {
            return null;
        }
        if (webhook == null) {
            throw new BackupConfigurationException("--notify-secret-env signs the webhook: give --notify-webhook URL too.");
        }
        String value = System.getenv(secretEnv.strip());
        if (value == null || value.isBlank()) {
            throw new BackupConfigurationException("--notify-secret-env: the environment variable " + secretEnv.strip()
                    + " is not set or empty; set it to the webhook's whsec_ secret.");
        }
        return value.strip();
    }

    /** Refuses anything but an http(s) URL as a usage error naming the option; the URL is not echoed (it may hold a token). */
    static final class HttpUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String value) {
            try {
                return NotificationChannels.httpUrl(value, "the URL");
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
