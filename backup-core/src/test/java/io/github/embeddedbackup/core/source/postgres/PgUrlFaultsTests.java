package io.github.embeddedbackup.core.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupConfigurationException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A libpq-style {@code user:password@host} URL is refused before the JDBC driver can log the password. */
@Tag("fault-matrix")
class PgUrlFaultsTests {

    private static final String SECRET = "LeakPw12345";

    @Test
    void aPasswordBeforeTheHostIsRefusedAndNeverLogged() {
        Logger driverLogger = Logger.getLogger("org.postgresql");
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Level before = driverLogger.getLevel();
        driverLogger.setLevel(Level.ALL);
        driverLogger.addHandler(capture);
        try {
            for (String url : List.of("jdbc:postgresql://app:" + SECRET + "@127.0.0.1/shop",
                    "jdbc:postgresql://app:" + SECRET + "@127.0.0.1:5432/shop?sslmode=disable")) {
                assertThatThrownBy(() -> PgConnectionInfo.fromJdbcUrl(url, null, null))
                        .isInstanceOf(BackupConfigurationException.class)
                        .hasMessageContaining("user:password@host").hasMessageContaining("?user=name")
                        .hasMessageNotContaining(SECRET);
            }
        } finally {
            driverLogger.removeHandler(capture);
            driverLogger.setLevel(before);
        }
        assertThat(logged).as("what the PostgreSQL driver logged").noneMatch(line -> line.contains(SECRET));
    }
}
