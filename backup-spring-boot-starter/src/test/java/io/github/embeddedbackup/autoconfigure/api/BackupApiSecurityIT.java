package io.github.embeddedbackup.autoconfigure.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
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
 * With Spring Security on the classpath the API takes callers holding the authority, over real
 * HTTP. The application's chain here lets every request through (permitAll, HTTP Basic
 * optional): the API stays closed on its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = BackupApiSecurityIT.App.class,
        properties = {"backup.catch-up=false", "backup.api.token=a-token-that-must-be-ignored"})
class BackupApiSecurityIT {

    static final Path DIR = createDir();

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        @Bean
        SecurityFilterChain chain(HttpSecurity http) throws Exception {
            return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .httpBasic(Customizer.withDefaults())
                    .csrf(csrf -> csrf.ignoringRequestMatchers("/api/backup/**", "/api/backup"))
                    .build();
        }

        @Bean
        InMemoryUserDetailsManager users() {
            return new InMemoryUserDetailsManager(
                    User.withUsername("admin").password("{noop}admin-password").authorities("BACKUP_ADMIN").build(),
                    User.withUsername("operator").password("{noop}operator-password").roles("BACKUP_ADMIN").build(),
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

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void everyEndpointNeedsAnAuthenticatedCallerWithTheAuthority() throws Exception {
        String id = "20261121T020000Z-7f3a9c";
        List<String[]> calls = List.of(new String[] {"POST", "/api/backup"}, new String[] {"GET", "/api/backup"},
                new String[] {"GET", "/api/backup/" + id}, new String[] {"GET", "/api/backup/" + id + "/download"},
                new String[] {"POST", "/api/backup/" + id + "/verify"}, new String[] {"POST", "/api/backup/" + id + "/restore"},
                new String[] {"DELETE", "/api/backup/" + id}, new String[] {"GET", "/api/backup/jobs/3f2c5a9e-8d1b-4c47-9a61-2b7e0f4d8c15"});
        for (String[] call : calls) {
            HttpResponse<String> anonymous = send(call[0], call[1], null);
            assertThat(anonymous.statusCode()).as(call[1]).isEqualTo(401);
            assertThat(anonymous.body()).contains("BACKUP_ADMIN");
            HttpResponse<String> token = send(call[0], call[1], "Bearer a-token-that-must-be-ignored");
            assertThat(token.statusCode()).as("the token does not count when Spring Security is used").isEqualTo(401);
            HttpResponse<String> wrongPassword = send(call[0], call[1], basic("admin", "guess"));
            assertThat(wrongPassword.statusCode()).isEqualTo(401);
            HttpResponse<String> viewer = send(call[0], call[1], basic("viewer", "viewer-password"));
            assertThat(viewer.statusCode()).as(call[1]).isEqualTo(403);
            assertThat(viewer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(viewer.body()).contains("'viewer' lacks the authority 'BACKUP_ADMIN'");
        }
    }

    @Test
    void aCallerWithTheAuthorityOrTheRoleStartsFollowsAndListsBackups() throws Exception {
        HttpResponse<String> started = send("POST", "/api/backup", basic("admin", "admin-password"));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        String job = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            job = send("GET", location, basic("operator", "operator-password")).body();
            if (!field(job, "status").equals("running")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(field(job, "status")).as(job).isEqualTo("succeeded");
        String id = field(job, "backupId");
        assertThat(send("GET", "/api/backup", basic("operator", "operator-password")).body()).contains(id);
        HttpResponse<String> verified = send("POST", "/api/backup/" + id + "/verify", basic("admin", "admin-password"));
        assertThat(verified.body()).contains("\"ok\":true");
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no field '" + name + "' in " + json);
        }
        return matcher.group(1);
    }

    private static Path createDir() {
        try {
            Path dir = Files.createTempDirectory("api-security-");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> io.github.embeddedbackup.core.source.TempFiles.deleteRecursively(dir)));
            return dir;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
