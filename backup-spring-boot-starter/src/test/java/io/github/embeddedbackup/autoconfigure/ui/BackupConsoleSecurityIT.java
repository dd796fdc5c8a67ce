package io.github.embeddedbackup.autoconfigure.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.testing.browser.Browser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With Spring Security the console uses the application's own login (a session cookie, CSRF on
 * writes, as the application configured them: nothing is switched off for the console) and the API
 * checks the authority: in a real browser, a user without it sees the API's 403 message, an admin
 * backs up.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = BackupConsoleSecurityIT.App.class,
        properties = "backup.catch-up=false")
class BackupConsoleSecurityIT {

    static final Path DIR = createDir();
    static Browser browser;

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        /** An ordinary application: everything behind its login form, CSRF on. */
        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults())
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("admin").password("{noop}admin-password").roles("BACKUP_ADMIN").build(),
                    User.withUsername("viewer").password("{noop}viewer-password").roles("USER").build());
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path db = DIR.resolve("app.db");
        try (Connection conn = DriverManager.getConnection("jdbc:sqlite:" + db); Statement statement = conn.createStatement()) {
            statement.execute("create table if not exists item(id integer primary key, name text)");
            statement.execute("insert into item(name) values ('one')");
        }
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + db);
        registry.add("backup.storage.local.path", () -> DIR.resolve("backups").toString());
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
    void aUserWithoutTheAuthoritySeesTheApisRefusalAndAnAdminBacksUpThroughTheApplicationsLogin() throws Exception {
        String origin = "http://localhost:" + port;
        WebDriver driver = browser.driver();

        signIn(origin, "viewer", "viewer-password");
        WebElement problem = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("page-problem")));
        assertThat(problem.getText()).contains("Forbidden").contains("'viewer' lacks the authority 'BACKUP_ADMIN'");
        assertThat(driver.findElement(By.id("console")).isDisplayed()).isFalse();
        assertThat(driver.findElement(By.id("sign-in")).isDisplayed()).as("no token form: the application's login applies").isFalse();
        browser.screenshot("console-forbidden");

        driver.manage().deleteAllCookies();
        signIn(origin, "admin", "admin-password");
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("console")));
        assertThat(driver.findElement(By.id("caller")).getText()).contains("admin");
        assertThat(driver.findElement(By.id("sign-out")).isDisplayed()).as("signing out is the application's").isFalse();
        assertThat(driver.findElements(By.cssSelector("#backups tbody tr"))).isEmpty();

        // A write: the page sends the session's CSRF token, as the application requires.
        browser.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='Back up now']"))).click();
        browser.until(d -> d.findElements(By.cssSelector("#backups tbody tr")).size() == 1);
        assertThat(driver.findElement(By.id("run-problem")).isDisplayed()).isFalse();
        browser.until(d -> d.findElement(By.id("audit")).getText().contains("admin"));
        assertThat(driver.findElement(By.id("audit")).getText()).contains("start", "accepted");

        // The session ends (expired, or signed out in another tab): the page says so instead of "cannot reach".
        driver.manage().deleteCookieNamed("JSESSIONID");
        browser.until(ExpectedConditions.elementToBeClickable(By.xpath("//button[normalize-space()='Back up now']"))).click();
        WebElement ended = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-problem")));
        assertThat(ended.getText()).contains("Signed out").contains("Reload the page");

        // The browser itself logs the viewer's refused call (403); nothing else may be logged as an error.
        assertThat(browser.consoleErrors()).as("console errors").allMatch(line -> line.contains("/api/backup/status") && line.contains("403"));
        assertThat(browser.requestsToOtherHosts(origin)).as("requests to other hosts").isEmpty();
    }

    @Test
    void theApiRefusesAWriteWithoutTheCsrfTokenEvenWithTheSessionCookie() throws Exception {
        // What the page's CSRF header protects against: the same call from another site's form carries the cookie, not the token.
        HttpClient client = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).followRedirects(HttpClient.Redirect.NEVER).build();
        String login = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        String csrf = login.replaceAll("(?s).*name=\"_csrf\"[^>]*value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=admin&password=admin-password&_csrf=" + csrf)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/backup/status")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        HttpResponse<String> write = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/backup"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(write.statusCode()).isEqualTo(403);
        String config = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/backup-ui/config.json")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(config).startsWith("{\"api\":\"/api/backup\",\"signIn\":\"session\",\"csrf\":{\"header\":\"X-CSRF-TOKEN\",\"token\":\"");
    }

    private void signIn(String origin, String user, String password) {
        browser.open(origin + "/backup-ui/");
        WebElement name = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")));
        name.sendKeys(user);
        browser.driver().findElement(By.id("password")).sendKeys(password);
        browser.driver().findElement(By.cssSelector("button[type=submit]")).click();
        browser.until(ExpectedConditions.urlContains("/backup-ui/"));
    }

    private static Path createDir() {
        try {
            return Files.createTempDirectory("console-security-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
