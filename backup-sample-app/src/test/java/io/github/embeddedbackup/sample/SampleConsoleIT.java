package io.github.embeddedbackup.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.testing.browser.Browser;
import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin console of the sample app in a real browser (Debian's headless Chromium), signed in with the
 * API token as a user would: every action goes through the page, every outcome is checked where a user
 * would see it (and, for the restore, in the restored database itself).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SampleConsoleIT {

    static final Path DIR = SampleApplicationIT.createTempDir();
    static final String TOKEN = "console-token-" + HexFormat.of().formatHex(new byte[] {9, 8, 7, 6, 5, 4, 3, 2});
    static final String[] AUTH = {"Authorization", "Bearer " + TOKEN};
    /** Set by the test: makes the "bulk" source slow enough (about 5 s) for the progress bar to be watched. */
    static volatile boolean slow;

    static Browser browser;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + DIR.resolve("notes.db"));
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
        registry.add("backup.catch-up", () -> "false");
        registry.add("backup.api.token", () -> TOKEN);
        registry.add("backup.restore.targets.check.url", () -> "jdbc:sqlite:" + DIR.resolve("check.db"));
        // Small parts: the stored bytes (and so the progress bar) keep up with what the slow source has written.
        registry.add("backup.compression.part-size", () -> "256KB");
    }

    @TestConfiguration
    static class Extras {

        /** 24 MB of random bytes (progress is reported every 4 MB), written over about 5 s when {@link #slow} is set. */
        @Bean
        BackupSource bulkSource() {
            return new BackupSource() {
                @Override
                public String name() {
                    return "bulk";
                }

                @Override
                public String type() {
                    return "test";
                }

                @Override
                public SourceDetails backup(ArchiveSink sink) throws IOException {
                    Random random = new Random(42);
                    byte[] chunk = new byte[1024 * 1024];
                    try (OutputStream out = sink.openEntry("bulk.bin")) {
                        for (int i = 0; i < 24; i++) {
                            random.nextBytes(chunk);
                            out.write(chunk);
                            out.flush();
                            if (slow) {
                                sleep(200);
                            }
                        }
                    }
                    return new SourceDetails(Map.of(), List.of());
                }
            };
        }
    }

    @LocalServerPort
    int port;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser();
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aUserSignsInWithTheTokenAndBacksUpVerifiesRestoresAndDeletesInTheBrowser() throws Exception {
        Http http = new Http(port);
        String origin = "http://localhost:" + port;
        assertThat(http.post("/notes", "{\"body\":\"kept by the console\"}").statusCode()).isEqualTo(201);
        // One backup through the API before the page opens: the table must list what the API lists, and the
        // next backup of the same sources gets a progress estimate from it.
        String first = Http.field(SampleApiIT.follow(http, http.send("POST", "/api/backup", "{}", "Authorization", AUTH[1],
                "Content-Type", "application/json").headers().firstValue("Location").orElseThrow(), AUTH), "backupId");

        WebDriver driver = browser.driver();
        browser.open(origin + "/backup-ui/");
        WebElement token = byLabel("API token");
        assertThat(token.getAttribute("type")).isEqualTo("password");
        browser.screenshot("console-sign-in");

        // A wrong token: the API's own message, and nothing kept.
        token.sendKeys(TOKEN + "-wrong");
        button("Sign in").click();
        WebElement problem = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-problem")));
        assertThat(problem.getText()).contains("Unauthorized").contains("The bearer token is not valid.");
        assertThat(storage("sessionStorage")).isZero();

        token.clear();
        token.sendKeys(TOKEN);
        button("Sign in").click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
        assertThat(driver.findElement(By.id("health")).getText()).isEqualTo("UP");
        assertThat(driver.getCurrentUrl()).doesNotContain(TOKEN);
        assertThat(storage("localStorage")).isZero();
        assertThat(storage("sessionStorage")).isEqualTo(1);

        // The table lists exactly what the API lists.
        assertThat(rowIds()).containsExactly(first);
        assertThat(Http.field(http.send("GET", "/api/backup", null, AUTH).body(), "id")).isEqualTo(first);

        // Back up now: the progress bar moves, then a new row appears at the top.
        slow = true;
        button("Back up now").click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("job")));
        Set<Integer> progress = new TreeSet<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (rowIds().size() < 2 && System.nanoTime() < deadline) {
            String value = driver.findElement(By.id("job-progress")).getAttribute("value");
            if (value != null && !value.isEmpty() && !driver.findElement(By.id("job-title")).getText().contains("done")) {
                progress.add((int) Double.parseDouble(value));
            }
            Thread.sleep(200);
        }
        slow = false;
        assertThat(rowIds()).hasSize(2);
        assertThat(progress).as("progress values seen while the backup ran").hasSizeGreaterThanOrEqualTo(2);
        String second = rowIds().get(0);
        assertThat(second).isNotEqualTo(first);
        browser.until(driver1 -> driver1.findElement(By.id("job-title")).getText().contains("Backup " + second + " done"));
        assertThat(driver.findElement(By.id("job-progress")).getAttribute("value")).isEqualTo("100");
        assertThat(driver.findElement(By.id("job-progress-text")).getText()).startsWith("Stored ");
        browser.screenshot("console-backed-up");

        // Verify: "sound", shown on the page and in the row.
        clickRowButton("Verify", second);
        WebElement verified = browser.until(driver1 -> {
            WebElement box = driver1.findElement(By.id("verify-result"));
            return box.getText().contains("sound") || box.getText().contains("problem") ? box : null;
        });
        assertThat(verified.getText()).contains("Backup " + second + " is sound.");
        browser.until(driver1 -> row(second).getText().contains("verified: sound"));

        // Restore into the allow-listed target: only after typing the backup id, then followed to its end.
        clickRowButton("Restore", second);
        WebElement dialog = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("restore-dialog")));
        new Select(byLabel("Source")).selectByValue("main");
        Select target = new Select(byLabel("Restore into"));
        assertThat(target.getOptions()).extracting(WebElement::getText).contains("check (sqlite)", "main itself (in place)");
        target.selectByValue("check");
        assertThat(byLabel("Take a safety backup of the target first").isSelected()).isTrue();
        WebElement start = dialog.findElement(By.id("restore-start"));
        assertThat(start.isEnabled()).isFalse();
        WebElement confirm = byLabel("Type the backup id to confirm");
        confirm.sendKeys(first);
        assertThat(start.isEnabled()).as("another backup's id does not confirm").isFalse();
        confirm.clear();
        confirm.sendKeys(second);
        assertThat(start.isEnabled()).isTrue();
        browser.screenshot("console-restore");
        start.click();
        browser.until(driver1 -> driver1.findElement(By.id("restore-job-title")).getText().contains("Restore succeeded"));
        assertThat(SampleApplicationIT.notes(DIR.resolve("check.db"))).containsExactly("kept by the console");
        driver.findElement(By.id("restore-close")).click();

        // Filters: by label and by source, as the API filters.
        WebElement label = byLabel("Filter by label");
        label.sendKeys("trigger=nothing-like-this");
        button("Filter").click();
        browser.until(driver1 -> rowIds().isEmpty());
        assertThat(driver.findElement(By.id("backups-empty")).getText()).isEqualTo("No backup matches this filter.");
        label.clear();
        new Select(byLabel("Filter by source")).selectByValue("bulk");
        button("Filter").click();
        browser.until(driver1 -> rowIds().size() == 2);

        // Delete: the row goes.
        clickRowButton("Delete", first);
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("delete-dialog")));
        driver.findElement(By.id("delete-confirm")).click();
        browser.until(driver1 -> !rowIds().contains(first));
        assertThat(rowIds()).containsExactly(second);
        assertThat(http.send("GET", "/api/backup/" + first, null, AUTH).statusCode()).isEqualTo(404);

        // The audit shows what was done, the storage what is held.
        browser.until(driver1 -> driver1.findElement(By.id("audit")).getText().contains("delete"));
        assertThat(driver.findElement(By.id("audit")).getText()).contains("start", "verify", "restore", "succeeded");
        browser.until(driver1 -> driver1.findElement(By.cssSelector("#destinations tbody td[data-label='Backups']")).getText().equals("1"));
        assertThat(driver.findElements(By.cssSelector("#size-chart svg circle"))).isNotEmpty();
        // The README's picture: the whole page, from the top.
        driver.manage().window().setSize(new Dimension(1280, 1900));
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        browser.screenshot("console");

        // Readable on a phone, and in the dark.
        browser.resizeToPhone();
        ((HasCdp) driver).executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        browser.screenshot("console-phone-dark");
        assertThat(((Number) ((JavascriptExecutor) driver).executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue())
                .as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
        ((HasCdp) driver).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", List.of()));
        browser.resizeToDesktop();

        // Sign out forgets the token.
        button("Sign out").click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in")));
        assertThat(storage("sessionStorage")).isZero();

        // The browser itself logs the wrong token's refused call (401); nothing else may be logged as an error.
        assertThat(browser.consoleErrors()).as("console errors").allMatch(line -> line.contains("/api/backup/status") && line.contains("401"));
        assertThat(browser.requestsToOtherHosts(origin)).as("requests to other hosts").isEmpty();
        assertThat(Files.exists(browser.screenshot("console-signed-out"))).isTrue();
    }

    @Test
    void theConsoleIsServedWithAStrictContentSecurityPolicyAndNothingElseUnderItsPath() throws Exception {
        Http http = new Http(port);
        HttpResponse<String> page = http.get("/backup-ui/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\"></script>").doesNotContain("http://", "https://");
        assertThat(http.get("/backup-ui").statusCode()).isEqualTo(302);
        assertThat(http.get("/backup-ui/config.json").body()).isEqualTo("{\"api\":\"/api/backup\",\"signIn\":\"token\"}");
        assertThat(http.get("/backup-ui/app.js").headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
        for (String path : List.of("/backup-ui/nothing.js", "/backup-ui/../application.yml", "/backup-ui/%2e%2e/application.yml",
                "/backup-ui/META-INF/MANIFEST.MF", "/backup-ui/app.js.map", "/backup-ui/a/app.js")) {
            assertThat(http.get(path).statusCode()).as(path).isIn(400, 404);
        }
        assertThat(http.send("POST", "/backup-ui/", "{}").statusCode()).isEqualTo(405);
        // The page adds no access of its own: without the token the API still refuses.
        assertThat(http.get("/api/backup/status").statusCode()).isEqualTo(401);
        assertThat(http.get("/api/backup/audit").statusCode()).isEqualTo(401);
    }

    private WebElement byLabel(String text) {
        WebDriver driver = browser.driver();
        WebElement label = browser.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//label[normalize-space()='" + text + "']")));
        return driver.findElement(By.id(label.getAttribute("for")));
    }

    private WebElement button(String text) {
        return browser.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='" + text + "']")));
    }

    /** Clicks a row's button; the table may be re-rendered (a refresh after a job) between finding and clicking it. */
    private void clickRowButton(String action, String id) {
        By button = By.cssSelector("button[aria-label='" + action + " backup " + id + "']");
        browser.until(driver -> {
            driver.findElement(button).click(); // a stale or not yet clickable button is looked up again
            return true;
        });
    }

    private WebElement row(String id) {
        return browser.driver().findElement(By.cssSelector("#backups tr[data-backup-id='" + id + "']"));
    }

    /** The ids in the table, read in one script: the page re-renders the rows while a job runs. */
    @SuppressWarnings("unchecked")
    private List<String> rowIds() {
        return (List<String>) ((JavascriptExecutor) browser.driver()).executeScript(
                "return [...document.querySelectorAll('#backups tbody tr')].map(row => row.dataset.backupId)");
    }

    private long storage(String which) {
        return ((Number) ((JavascriptExecutor) browser.driver()).executeScript("return window." + which + ".length")).longValue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
