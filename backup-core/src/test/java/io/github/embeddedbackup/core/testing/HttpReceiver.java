package io.github.embeddedbackup.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on 127.0.0.1 that records what it is sent and answers as scripted: the other
 * end of a webhook, a chat or a heartbeat in tests.
 */
public final class HttpReceiver implements AutoCloseable {

    /** One request as received; header names lower case. */
    public record Request(String method, String path, String query, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public record Answer(int status, String body, Map<String, String> headers) {

        public static Answer of(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "http-receiver");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Request> requests = new ArrayList<>();
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Answer byDefault = Answer.of(200, "ok");
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile Duration delay = Duration.ZERO;

    public HttpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** {@code http://127.0.0.1:PORT} followed by {@code pathAndQuery}. */
    public URI url(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery);
    }

    /** A URL on this machine where nothing listens. */
    public static URI closedPort(String pathAndQuery) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    /** The next requests get these answers, in order; then the default. */
    public HttpReceiver thenAnswer(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    public HttpReceiver answerByDefault(Answer answer) {
        byDefault = answer;
        return this;
    }

    /** Every request waits this long before its answer. */
    public HttpReceiver delay(Duration value) {
        delay = value;
        return this;
    }

    /** Requests hang until {@link #release()}. */
    public HttpReceiver block() {
        gate = new CountDownLatch(1);
        return this;
    }

    public void release() {
        gate.countDown();
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Waits for at least {@code count} requests; answers them all. */
    public List<Request> await(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (requests.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " requests within " + timeout + ", got " + requests.size() + ": " + requests);
                }
                wait(Math.max(1, left / 1_000_000));
            }
            return List.copyOf(requests);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            synchronized (this) {
                requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                        headers, body));
                notifyAll();
            }
            try {
                gate.await(30, TimeUnit.SECONDS);
                if (!delay.isZero()) {
                    Thread.sleep(delay.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Answer answer = script.poll();
            if (answer == null) {
                answer = byDefault;
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }
}
