package io.github.embeddedbackup.cli.faults;

import static org.junit.jupiter.api.Assertions.fail;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.source.postgres.PgConnectionInfo;
import io.github.embeddedbackup.core.testing.PgTestServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;

/** PostgreSQL roles with passwords for the secret checks of the fault matrix. */
final class PgRoles {

    /** Set up by .ci/prepare-postgres: this role must log in with its password, even on a server that trusts others. */
    static final String PASSWORD_ROLE = "backup_pw_test";

    private PgRoles() {}

    /** A fresh, unique password: found anywhere later, it can only have come from the test. */
    static String uniqueSecret(String prefix) {
        return prefix + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":@/%&?";
    }

    /** A new login role with {@code password} that may read every table of {@code database}. */
    static String createReader(String database, String password) {
        String role = "bt_fm_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        PgTestServer.execute("postgres", "create role " + role + " login password '" + password.replace("'", "''") + "'");
        PgTestServer.execute(database, "grant select on all tables in schema public to " + role);
        PgTestServer.execute(database, "grant usage on all sequences in schema public to " + role);
        return role;
    }

    static void dropRole(String database, String role) {
        PgTestServer.execute(database, "revoke all on all tables in schema public from " + role);
        PgTestServer.execute(database, "revoke all on all sequences in schema public from " + role);
        PgTestServer.execute("postgres", "drop role if exists " + role);
    }

    /** The JDBC URL of {@code database} for {@code role} with its password in the URL, URL-encoded, as the docs say. */
    static String urlWithPassword(String database, String role, String password) {
        return PgTestServer.jdbcUrl(database, role) + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    /** Skips (or under CI fails) unless the server really checks the password of {@link #PASSWORD_ROLE}. */
    static void requirePasswordChecked() {
        boolean enforced = false;
        if (!PgTestServer.query("postgres", "select 1 from pg_roles where rolname = '" + PASSWORD_ROLE + "'").isEmpty()) {
            try (Connection ignored = PgConnectionInfo.fromJdbcUrl(PgTestServer.jdbcUrl("postgres", PASSWORD_ROLE) + "&password=not-it")
                    .connect()) {
                enforced = false;
            } catch (BackupConfigurationException e) {
                enforced = e.getMessage().contains("Authentication failed");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
        if (!enforced) {
            String reason = "The server does not check the password of role " + PASSWORD_ROLE + "; run .ci/prepare-postgres first.";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(reason);
            }
            Assumptions.abort(reason);
        }
    }
}
