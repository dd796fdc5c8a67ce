package io.github.embeddedbackup.autoconfigure;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The security of a test application: HTTP Basic, one user {@code alice} (password {@value #PASSWORD}) with the
 * API's authority, CSRF off for the API only, as an application that exposes the REST API configures it.
 */
@Configuration(proxyBeanMethods = false)
public class BasicAuthAdmin {

    public static final String USER = "alice";
    public static final String PASSWORD = "alice-password";

    @Bean
    SecurityFilterChain chain(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).httpBasic(Customizer.withDefaults())
                .csrf(csrf -> csrf.ignoringRequestMatchers("/api/backup/**", "/api/backup")).build();
    }

    @Bean
    InMemoryUserDetailsManager users() {
        return new InMemoryUserDetailsManager(User.withUsername(USER).password("{noop}" + PASSWORD).authorities("BACKUP_ADMIN").build());
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    /** GET {@code path} of the application on {@code port}, as the admin. */
    public static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(request(port, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** POST {@code json} to {@code path} of the application on {@code port}, as the admin. */
    public static HttpResponse<String> post(int port, String path, String json) throws Exception {
        return CLIENT.send(request(port, path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)));
    }
}
