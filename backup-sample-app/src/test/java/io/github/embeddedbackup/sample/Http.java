package io.github.embeddedbackup.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Real HTTP calls to the running sample app, and the real CLI jar. */
final class Http {

    private final HttpClient client = HttpClient.newHttpClient();
    private final String base;

    Http(int port) {
        this.base = "http://localhost:" + port;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Any call; {@code headers} as name, value pairs. */
    HttpResponse<String> send(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> download(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Starts a backup through the endpoint and waits until its job has finished; returns the job's JSON. */
    String backupNow() throws IOException, InterruptedException {
        HttpResponse<String> started = post("/actuator/backup", "");
        if (started.statusCode() != 200) {
            throw new AssertionError("POST /actuator/backup answered " + started.statusCode() + ": " + started.body());
        }
        String jobId = field(started.body(), "jobId");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            String job = get("/actuator/backup/" + jobId).body();
            if (!"running".equals(field(job, "status"))) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("backup job " + jobId + " did not finish within 120 s");
    }

    static long number(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*(-?\\d+)").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no number '" + name + "' in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no field '" + name + "' in " + json);
        }
        return matcher.group(1);
    }

    /** Runs {@code java -jar backup-cli.jar args…}; returns its exit code, failing with its output if it is not 0. */
    static void cli(String... args) throws IOException, InterruptedException {
        Path jar = Path.of("..", "backup-cli", "target", "backup-cli.jar").toAbsolutePath().normalize();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("backup-cli " + String.join(" ", args) + " failed:\n" + output);
        }
    }
}
