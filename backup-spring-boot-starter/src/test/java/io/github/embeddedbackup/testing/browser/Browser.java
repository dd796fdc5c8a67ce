package io.github.embeddedbackup.testing.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.json.Json;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium for tests: Debian's {@code /usr/bin/chromium} driven by Debian's {@code /usr/bin/chromedriver}
 * through Selenium, safe to run as root, with a fresh profile that is deleted on {@link #close()}. Besides the
 * {@link #driver() WebDriver} it records what the page wrote to the browser console and every URL it requested,
 * so tests can assert "no errors" and "no request leaves the application".
 *
 * <p>Selenium Manager never runs (it could download a browser or driver): it is only consulted when neither the
 * driver service nor {@code webdriver.chrome.driver} names a chromedriver, and this class always names one.
 * Nothing here logs: the chromedriver log, which would hold typed text such as passwords, is discarded.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Dimension DESKTOP = new Dimension(1280, 900);
    public static final Dimension PHONE = new Dimension(390, 844);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /**
     * Schemes that are not a request to any host; chrome: is the browser's own new-tab page, whose modules may
     * still load as {@link #open} begins.
     */
    private static final List<String> LOCAL_SCHEMES = List.of("data", "blob", "about", "chrome", "chrome-untrusted", "chrome-search",
            "chrome-extension", "devtools");

    /**
     * No DevTools API is used (console and network come through {@code goog:loggingPrefs}), so Selenium's devtools
     * jars, one per Chromium version, are left out; without this, Selenium warns about them at every start.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final List<LogEntry> console = new ArrayList<>();
    private final List<String> requests = new ArrayList<>();

    /** Starts the browser; fails (never skips) when Debian's chromium or chromium-driver is missing. */
    public Browser() {
        requireInstalled(CHROMIUM);
        requireInstalled(CHROMEDRIVER);
        profile = createProfile();
        ChromeDriverService started = null;
        try {
            started = new ChromeDriverService.Builder()
                    .usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort()
                    .withLogOutput(OutputStream.nullOutputStream())
                    .build();
            driver = new ChromeDriver(started, options(profile));
        } catch (RuntimeException e) {
            stopAndDelete(started, profile, e);
            throw e;
        }
        service = started;
    }

    private static void requireInstalled(Path executable) {
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException(executable + " is missing: install Debian's chromium and chromium-driver: "
                    + "apt-get install chromium chromium-driver");
        }
    }

    private static Path createProfile() {
        try {
            return Files.createTempDirectory("browser-profile-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ChromeOptions options(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Root-safe (no sandbox), no GPU, and no traffic of its own (updates, sync, QUIC probes) beside the page's.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + DESKTOP.getWidth() + "," + DESKTOP.getHeight(),
                "--user-data-dir=" + profile);
        LoggingPreferences logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        logging.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logging);
        return options;
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Loads {@code url} and waits for its load event. The console and request records start afresh here, so what
     * {@link #consoleErrors()} and {@link #requestedUrls()} report belongs to this page and what it did since.
     */
    public void open(String url) {
        collectLogs();
        console.clear();
        requests.clear();
        driver.get(url);
    }

    /** A wait on this browser with {@link #DEFAULT_TIMEOUT}, looking again at elements the page replaced meanwhile. */
    public WebDriverWait waiting() {
        // A page that re-renders while a test looks (a table refreshed when a job ends) makes elements stale: look again.
        WebDriverWait wait = new WebDriverWait(driver, DEFAULT_TIMEOUT);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    /** Waits up to {@link #DEFAULT_TIMEOUT} until {@code condition} returns neither null nor false. */
    public <T> T until(Function<WebDriver, T> condition) {
        return waiting().until(condition);
    }

    public void resizeToPhone() {
        driver.manage().window().setSize(PHONE);
    }

    public void resizeToDesktop() {
        driver.manage().window().setSize(DESKTOP);
    }

    /** Saves the page as {@code target/screenshots/NAME.png} (relative to the module) and returns that file. */
    public Path screenshot(String name) {
        if (!name.matches("[A-Za-z0-9._-]+") || name.startsWith(".")) {
            throw new IllegalArgumentException("A screenshot name is letters, digits, '.', '_' and '-': " + name);
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            return Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The console's SEVERE entries (console.error, uncaught exceptions, failed loads) since {@link #open}. */
    public List<String> consoleErrors() {
        collectLogs();
        return console.stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    /** Every URL the page requested since {@link #open}, in order, without data:, blob: and other local URLs. */
    public List<String> requestedUrls() {
        collectLogs();
        return List.copyOf(requests);
    }

    /**
     * The {@link #requestedUrls()} whose origin (scheme, host and port) is not that of {@code allowedOrigin}, which
     * may be given as a whole URL such as {@code http://127.0.0.1:8080/console/}. A URL without a host (such as
     * {@code file:}) or that cannot be parsed counts as another host.
     */
    public List<String> requestsToOtherHosts(String allowedOrigin) {
        String allowed = origin(allowedOrigin);
        return requestedUrls().stream().filter(url -> !allowed.equals(originOrNull(url))).distinct().toList();
    }

    private static String originOrNull(String url) {
        try {
            return origin(url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("Not a URL with a host: " + url);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    /** Chromedriver hands each log entry out once: keep them here so every query sees them all. */
    private void collectLogs() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            requestedUrl(entry.getMessage()).filter(url -> !isLocal(url)).ifPresent(requests::add);
        }
    }

    /** The {@code request.url} of a DevTools {@code Network.requestWillBeSent} event. */
    @SuppressWarnings("unchecked")
    private static Optional<String> requestedUrl(String performanceEntry) {
        Map<String, Object> entry = new Json().toType(performanceEntry, Json.MAP_TYPE);
        Map<String, Object> message = (Map<String, Object>) entry.get("message");
        if (message == null || !"Network.requestWillBeSent".equals(message.get("method"))) {
            return Optional.empty();
        }
        Map<String, Object> params = (Map<String, Object>) message.get("params");
        Map<String, Object> request = (Map<String, Object>) params.get("request");
        return Optional.of((String) request.get("url"));
    }

    private static boolean isLocal(String url) {
        int colon = url.indexOf(':');
        return colon < 0 || LOCAL_SCHEMES.contains(url.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    /** Quits the browser, stops chromedriver and deletes the profile, each even when the one before failed. */
    @Override
    public void close() {
        RuntimeException failure = new IllegalStateException("Closing the browser failed");
        try {
            driver.quit();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        stopAndDelete(service, profile, failure);
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    /** Stops chromedriver (when it was built) and deletes the profile; problems are added to {@code failure}. */
    private static void stopAndDelete(ChromeDriverService service, Path profile, RuntimeException failure) {
        try {
            if (service != null) {
                service.close();
            }
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        try {
            deleteRecursively(profile);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static void deleteRecursively(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
