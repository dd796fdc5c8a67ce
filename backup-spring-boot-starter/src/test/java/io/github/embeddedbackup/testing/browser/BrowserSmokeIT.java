package io.github.embeddedbackup.testing.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

/** The browser helper against a tiny site served by the JDK on 127.0.0.1: one browser for the whole class. */
class BrowserSmokeIT {

    /** Path, content type and body of each page of the site. */
    private static final Map<String, String[]> SITE = Map.of(
            "/index.html", new String[] {"text/html; charset=utf-8", """
                    <!doctype html>
                    <html><head><meta charset="utf-8"><title>Smoke</title>
                    <link rel="icon" href="data:,">
                    <script type="module" src="app.js"></script></head>
                    <body><button id="go">Go</button><p id="out">waiting</p></body></html>
                    """},
            "/app.js", new String[] {"text/javascript; charset=utf-8", """
                    document.getElementById("go").addEventListener("click", () => {
                      document.getElementById("out").textContent = "clicked";
                      console.error("boom");
                    });
                    """},
            "/elsewhere.html", new String[] {"text/html; charset=utf-8", """
                    <!doctype html>
                    <html><head><meta charset="utf-8"><title>Elsewhere</title><link rel="icon" href="data:,"></head>
                    <body><img src="http://example.invalid/x.png" alt="x"></body></html>
                    """});

    private static HttpServer server;
    private static String origin;
    private static Browser browser;

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", BrowserSmokeIT::serve);
        server.start();
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            server.stop(0);
        }
    }

    private static void serve(HttpExchange exchange) throws IOException {
        String[] page = SITE.get(exchange.getRequestURI().getPath());
        byte[] body = (page == null ? "not found" : page[1]).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", page == null ? "text/plain" : page[0]);
        exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void aClickRunsTheModuleScriptAndItsConsoleErrorIsCollected() {
        browser.open(origin + "/index.html");
        assertThat(browser.driver().findElement(By.id("out")).getText()).isEqualTo("waiting");

        browser.driver().findElement(By.id("go")).click();

        browser.until(driver -> driver.findElement(By.id("out")).getText().equals("clicked"));
        assertThat(browser.consoleErrors()).anySatisfy(error -> assertThat(error).contains("boom"));
        assertThat(browser.requestedUrls()).contains(origin + "/index.html", origin + "/app.js");
        assertThat(browser.requestsToOtherHosts(origin + "/")).isEmpty();
    }

    @Test
    void aRequestToAnotherHostIsNamed() {
        browser.open(origin + "/elsewhere.html");

        assertThat(browser.requestsToOtherHosts(origin)).containsExactly("http://example.invalid/x.png");
        assertThat(browser.requestedUrls()).contains(origin + "/elsewhere.html");
    }

    @Test
    void screenshotsArePngFilesAndThePhoneSizeIsAPhoneViewport() throws IOException {
        browser.open(origin + "/index.html");
        browser.resizeToPhone();
        try {
            Object width = ((JavascriptExecutor) browser.driver()).executeScript("return window.innerWidth");
            assertThat(width).isEqualTo(390L);

            Path screenshot = browser.screenshot("browser-smoke-phone");

            assertThat(screenshot).isEqualTo(Path.of("target", "screenshots", "browser-smoke-phone.png"));
            byte[] png = Files.readAllBytes(screenshot);
            assertThat(png).startsWith(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
        } finally {
            browser.resizeToDesktop();
        }
    }
}
