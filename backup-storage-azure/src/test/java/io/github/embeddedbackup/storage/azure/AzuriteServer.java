package io.github.embeddedbackup.storage.azure;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Azurite's blob service (the npm package {@code azurite} 3.x) as a child process on a free loopback
 * port, with its data in a temporary folder that {@link #close()} deletes. Shared with the CLI's and the
 * starter's tests through the test-jar. The executable is {@code AZURITE_BLOB}, else the copy in
 * {@code ~/.cache/embedded-backup/azurite}, else {@code azurite-blob} on the PATH; without any, it is
 * installed there once with npm, so that a build works on a fresh machine. When Azurite cannot start,
 * {@link #start()} fails with its output: a test never skips for want of it.
 */
public final class AzuriteServer implements AutoCloseable {

    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development key, public in Microsoft's documentation. */
    public static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static final Path CACHE = Path.of(System.getProperty("user.home"), ".cache", "embedded-backup", "azurite");

    private final Path location;
    private final Path log;
    private final int port;
    private Process process;

    private AzuriteServer(Path location, Path log, int port) {
        this.location = location;
        this.log = log;
        this.port = port;
    }

    /** Starts Azurite on a free port with an empty, temporary data folder. */
    public static AzuriteServer start() {
        try {
            Path location = Files.createTempDirectory("azurite-");
            int port;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = socket.getLocalPort();
            }
            AzuriteServer server = new AzuriteServer(location, Files.createTempFile("azurite-", ".log"), port);
            server.launch();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare Azurite's folder or port", e);
        }
    }

    /** {@code http://127.0.0.1:PORT/devstoreaccount1}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint=" + endpoint() + ";";
    }

    public String accountName() {
        return ACCOUNT;
    }

    public String accountKey() {
        return KEY;
    }

    public int port() {
        return port;
    }

    /** A client with the account key, through the JDK's HTTP client. */
    public BlobServiceClient client() {
        return new BlobServiceClientBuilder().httpClient(new JdkHttpClientBuilder().build()).connectionString(connectionString()).buildClient();
    }

    public void createContainer(String name) {
        client().getBlobContainerClient(name).createIfNotExists();
    }

    /** SIGKILL to Azurite and its descendants, as a crash or a power cut would stop it: nothing is flushed. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts Azurite again on the same port and data folder, after {@link #kill()}. */
    public void restart() {
        kill();
        launch();
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(location)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete Azurite's folder " + location, e);
        }
    }

    private void launch() {
        String executable = executable();
        List<String> command = List.of(executable, "--blobHost", "127.0.0.1", "--blobPort", Integer.toString(port), "--location",
                location.toString(), "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run Azurite (" + String.join(" ", command) + "): " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + " before it listened on port " + port + " ("
                        + String.join(" ", command) + "). Its output:\n" + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        kill();
        throw new IllegalStateException("Azurite did not listen on port " + port + " within 60 s (" + String.join(" ", command)
                + "). Its output:\n" + output());
    }

    private String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** {@code AZURITE_BLOB}, the cached copy, the PATH, or a fresh npm install into the cache. */
    static synchronized String executable() {
        String configured = System.getenv("AZURITE_BLOB");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path cached = CACHE.resolve("node_modules/.bin/azurite-blob");
        if (Files.isExecutable(cached)) {
            return cached.toString();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "azurite-blob"))) {
                return Path.of(dir, "azurite-blob").toString();
            }
        }
        install();
        if (!Files.isExecutable(cached)) {
            throw new IllegalStateException("npm installed azurite@3 into " + CACHE + " but " + cached + " is missing.");
        }
        return cached.toString();
    }

    /** One install at a time, also across JVMs (the CLI's and the starter's tests may run at once). */
    private static void install() {
        try {
            Files.createDirectories(CACHE);
            try (FileChannel lock = FileChannel.open(CACHE.resolve(".install.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lock.lock()) {
                if (Files.isExecutable(CACHE.resolve("node_modules/.bin/azurite-blob"))) {
                    return;
                }
                Path npmLog = Files.createTempFile("azurite-npm-", ".log");
                List<String> command = List.of("npm", "install", "--no-audit", "--no-fund", "--prefix", CACHE.toString(), "azurite@3");
                Process npm = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(npmLog.toFile()).start();
                boolean done = npm.waitFor(10, TimeUnit.MINUTES);
                if (!done || npm.exitValue() != 0) {
                    npm.destroyForcibly();
                    throw new IllegalStateException("Azurite is not installed and '" + String.join(" ", command) + "' failed. Install it "
                            + "(npm install -g azurite@3) or set AZURITE_BLOB to azurite-blob's path. npm's output:\n"
                            + Files.readString(npmLog));
                }
                Files.deleteIfExists(npmLog);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot install Azurite with npm into " + CACHE + " (is Node.js with npm installed?): "
                    + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while installing Azurite", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
