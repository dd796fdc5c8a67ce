package io.github.embeddedbackup.core.notify;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP call of a channel, with messages of its own: the JDK's exceptions may carry the URL,
 * which is a credential for Slack, Teams and most webhooks, so none of their text passes through
 * unchecked.
 */
final class HttpDelivery {

    /** A short error code in a response body ("no_service", "invalid_token"): worth showing. */
    private static final Pattern SHORT_CODE = Pattern.compile("[A-Za-z0-9_ .:-]{1,60}");
    private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    private final String receiver;
    private final URI url;
    private final HttpClient client;
    private final Duration timeout;

    /** @param receiver how messages name the other end, e.g. "the Slack webhook" */
    HttpDelivery(String receiver, URI url, HttpClient client, Duration timeout) {
        this.receiver = receiver;
        this.url = checkedUrl(url, receiver);
        this.client = Objects.requireNonNull(client, "client");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Refuses a URL that is not absolute http(s) with a host, without echoing it. */
    static URI checkedUrl(URI url, String receiver) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null || url.isOpaque()) {
            throw new IllegalArgumentException("The URL of " + receiver + " must be an http:// or https:// URL with a host.");
        }
        return url;
    }

    URI url() {
        return url;
    }

    /** A request to {@code target}; the JDK's refusal would quote the URL, so it is replaced. */
    HttpRequest.Builder request(URI target) throws DeliveryException {
        try {
            return HttpRequest.newBuilder(target).timeout(timeout);
        } catch (IllegalArgumentException e) {
            throw new DeliveryException("cannot send to " + receiver + ": the JDK's HTTP client does not accept its URL", false);
        }
    }

    /**
     * Sends {@code request}; answers 2xx. A 5xx or 429 is a retryable failure; any other status a
     * final one, explained by {@code refusal} (given the status).
     */
    HttpResponse<String> send(HttpRequest request, IntFunction<String> refusal) throws DeliveryException, InterruptedException {
        HttpResponse<String> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new DeliveryException(receiver + " did not answer: timed out after " + seconds(timeout), true);
        } catch (ConnectException e) {
            throw new DeliveryException("cannot connect to the host of " + receiver + ": " + reason(e), true);
        } catch (IOException e) {
            throw new DeliveryException("network error talking to " + receiver + ": " + reason(e), true);
        } catch (IllegalArgumentException | SecurityException e) {
            throw new DeliveryException("cannot send to " + receiver + ": " + e.getClass().getSimpleName(), false);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        String code = shortCode(response.body());
        if (status == 429 || status >= 500) {
            throw new DeliveryException(receiver + " answered HTTP " + status + code, true, retryAfter(response));
        }
        throw new DeliveryException(receiver + " answered HTTP " + status + code + ": " + refusal.apply(status), false);
    }

    /** The root cause's message with every piece of the URL but the host taken out, or its class when it has none. */
    String reason(Throwable e) {
        Throwable root = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "host name not found";
            }
            root = cause;
        }
        if (e instanceof ConnectException && root instanceof ClosedChannelException) {
            return "connection refused"; // how the JDK client reports nothing listening on the port
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getMessage();
        }
        if (message == null || message.isBlank()) {
            return root.getClass().getSimpleName();
        }
        return scrub(message);
    }

    String scrub(String message) {
        String text = message;
        for (String part : new String[] {url.toString(), url.getRawPath(), url.getPath(), url.getRawQuery(), url.getQuery(),
                url.getRawUserInfo(), url.getUserInfo(), url.getRawFragment()}) {
            if (part != null && part.length() > 1) {
                text = text.replace(part, "…");
            }
        }
        return text;
    }

    private static String shortCode(@Nullable String body) {
        if (body == null) {
            return "";
        }
        String trimmed = body.strip();
        return SHORT_CODE.matcher(trimmed).matches() ? " (" + trimmed + ")" : "";
    }

    private static @Nullable Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).filter(value -> value.matches("\\d{1,6}"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value))).map(wait -> wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait)
                .orElse(null);
    }

    private static String seconds(Duration duration) {
        long millis = duration.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
