package io.github.embeddedbackup.autoconfigure;

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
}
