package io.github.embeddedbackup.core.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.postgres.PgConnectionInfo;
import io.github.embeddedbackup.core.source.postgres.PgDumpSource;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.PgTestServer;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import io.github.embeddedbackup.core.testing.faults.SecretScan;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault matrix, core: a PostgreSQL password that is wrong, or given for a server that cannot be reached, is in
 * no part of the exception an application would log (message, {@code toString}, stack trace, causes), and
 * nothing is stored. (The CLI's output is {@code PgDumpFaultsIT} in backup-cli.)
 */
@Tag("fault-matrix")
class PgSecretFaultsIT {

    static final String PASSWORD_ROLE = "backup_pw_test";

    @TempDir
    Path storageDir;

    @Test
    void wrongPasswordIsInNoPartOfTheException() {
        PgTestServer.require();
        requirePasswordChecked();
        String wrong = secret();
        String url = PgTestServer.jdbcUrl("postgres", PASSWORD_ROLE) + "&password=" + URLEncoder.encode(wrong, StandardCharsets.UTF_8);

        Throwable thrown = catchThrowable(() -> backup(url));

        assertThat(thrown).isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("Authentication failed for user '" + PASSWORD_ROLE + "'")
                .hasMessageContaining("Check the user and the password");
        SecretScan.of(wrong).assertAbsentFrom(thrown);
        assertNothingStored(wrong);
    }

    @Test
    void passwordForAnUnreachableServerIsInNoPartOfTheException() {
        String password = secret();
        String url = "jdbc:postgresql://127.0.0.1:1/shop?user=app&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);

        Throwable thrown = catchThrowable(() -> backup(url));

        assertThat(thrown).isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("Cannot connect to postgresql://app@127.0.0.1:1/shop")
                .hasMessageContaining("Check that PostgreSQL is running");
        SecretScan.of(password).assertAbsentFrom(thrown);
        assertNothingStored(password);
    }

    private void backup(String url) {
        new BackupEngine(new BackupRepository(new FilesystemBackupStorage(storageDir)), BackupOptions.defaults())
                .backup(List.of(new PgDumpSource("main", PgConnectionInfo.fromJdbcUrl(url))), Map.of(), BackupProgressListener.NONE);
    }

    private void assertNothingStored(String secret) {
        assertThat(Leftovers.files(storageDir)).as("nothing stored").isEmpty();
        Leftovers.assertNoFileContains(storageDir, SecretScan.of(secret));
    }

    private static String secret() {
        return "Pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ":@/%&?";
    }

    private static void requirePasswordChecked() {
        boolean enforced = false;
        if (!PgTestServer.query("postgres", "select 1 from pg_roles where rolname = '" + PASSWORD_ROLE + "'").isEmpty()) {
            try (Connection ignored = PgConnectionInfo.fromJdbcUrl(PgTestServer.jdbcUrl("postgres", PASSWORD_ROLE) + "&password=not-it")
                    .connect()) {
                enforced = false;
            } catch (BackupConfigurationException e) {
                enforced = e.getMessage().contains("Authentication failed");
            } catch (java.sql.SQLException e) {
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
