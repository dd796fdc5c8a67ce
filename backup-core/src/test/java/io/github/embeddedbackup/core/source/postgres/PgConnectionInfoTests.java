package io.github.embeddedbackup.core.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupConfigurationException;
import org.junit.jupiter.api.Test;

class PgConnectionInfoTests {

    @Test
    void parsesTheUrlAndNeverShowsThePassword() {
        PgConnectionInfo info = PgConnectionInfo.fromJdbcUrl("jdbc:postgresql://db.example:6432/shop?user=app&password=s3cr%3At&sslmode=require");

        assertThat(info.describe()).isEqualTo("postgresql://app@db.example:6432/shop");
        assertThat(info.toString()).doesNotContain("s3cr");
        PgConnectionInfo.ToolEnvironment env = info.toolEnvironment();
        assertThat(env.variables()).containsEntry("PGHOST", "db.example").containsEntry("PGPORT", "6432")
                .containsEntry("PGDATABASE", "shop").containsEntry("PGUSER", "app").containsEntry("PGSSLMODE", "require")
                .containsEntry("PGPASSWORD", "s3cr:t")
                .doesNotContainKey("PGPASSFILE");
        assertThat(env.toString()).contains("PGPASSWORD").doesNotContain("s3cr");
    }

    @Test
    void redactsPasswordsInUrls() {
        assertThat(PgConnectionInfo.redact("jdbc:postgresql://h/db?user=a&password=hunter2&x=1")).isEqualTo("jdbc:postgresql://h/db?user=a&password=****&x=1");
        assertThat(PgConnectionInfo.redact("postgresql://a:hunter2@h/db")).isEqualTo("postgresql://a:****@h/db");
    }

    @Test
    void badUrlsAreExplained() {
        assertThatThrownBy(() -> PgConnectionInfo.fromJdbcUrl("jdbc:mysql://h/db?password=hunter2"))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("not a PostgreSQL JDBC URL")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> PgConnectionInfo.fromJdbcUrl("jdbc:postgresql://h:5432/"))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("names no database");
    }

    @Test
    void versionsCompareLikeTheTools() {
        assertThat(PgVersion.fromServerVersionNum(170002, "17.2")).isGreaterThan(PgVersion.of(15, 20, "15.20"));
        assertThat(PgVersion.fromServerVersionNum(90624, "9.6.24").majorText()).isEqualTo("9.6");
        assertThat(PgVersion.of(9, 6, "")).isGreaterThan(PgVersion.of(9, 5, ""));
        assertThat(PgVersion.of(15, 3, "").compareTo(PgVersion.of(15, 20, ""))).isZero();
    }
}
