package io.github.embeddedbackup.core.source.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.source.UnsupportedSourceException;
import io.github.embeddedbackup.core.testing.faults.SecretScan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("fault-matrix")
class MysqlUrlFaultsTests {

    static final String SECRET = "s3cret-Pa55word";

    @Test
    void parsesHostPortDatabaseAndLogin() {
        MysqlConnectionInfo info = MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://db.example:3307/shop?user=app&password=" + SECRET
                + "&useSsl=true");

        assertThat(info.describe()).isEqualTo("mariadb://app@db.example:3307/shop");
        assertThat(info.toString()).doesNotContain(SECRET);
        assertThat(new String(info.clientOptions())).contains("host=\"db.example\"", "port=3307", "user=\"app\"",
                "password=\"" + SECRET + "\"", "protocol=TCP");
    }

    @Test
    void defaultsPortAndTakesTheLoginFromTheSettingsWhenTheUrlHasNone() {
        MysqlConnectionInfo info = MysqlConnectionInfo.fromJdbcUrl("jdbc:mysql://[::1]/my%20db", "svc", SECRET);

        assertThat(info.describe()).isEqualTo("mysql://svc@[::1]:3306/my db");
        assertThat(new String(info.clientOptions())).contains("password=\"" + SECRET + "\"");
    }

    @Test
    void theUrlsLoginWinsOverTheSettings() {
        MysqlConnectionInfo info = MysqlConnectionInfo.fromJdbcUrl("jdbc:mysql://h/db?user=url&password=fromurl", "svc", SECRET);

        assertThat(info.user()).isEqualTo("url");
        assertThat(new String(info.clientOptions())).contains("password=\"fromurl\"").doesNotContain(SECRET);
    }

    @Test
    void clientSettingsBecomeToolOptionsButCannotReplaceTheLogin() {
        MysqlConnectionInfo info = MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://h/db?user=app&sslMode=verify-full", null, SECRET)
                .withClientOptions(java.util.Map.of("client-ssl-ca", "/etc/ca.pem"));

        assertThat(new String(info.clientOptions())).contains("ssl-ca=\"/etc/ca.pem\"").doesNotContain("sslMode");
        // Only how to connect may be set: force would let a failed load still exit 0.
        assertThatThrownBy(() -> info.withClientOptions(java.util.Map.of("client-force", "1")))
                .isInstanceOf(BackupConfigurationException.class).hasMessageContaining("only connection options");
        assertThatThrownBy(() -> info.withClientOptions(java.util.Map.of("client-one-database", "1"))).hasMessageContaining("only connection options");
        assertThat(new String(info.withClientOptions(java.util.Map.of("client-tls-version", "TLSv1.3", "client-connect-timeout", "5"))
                .clientOptions())).contains("tls-version=").contains("connect-timeout=");
        // A misspelt setting is refused, never dropped: it could be the TLS option.
        assertThatThrownBy(() -> info.withClientOptions(java.util.Map.of("clinet-ssl-ca", "/etc/ca.pem")))
                .isInstanceOf(BackupConfigurationException.class).hasMessageContaining("'clinet-ssl-ca'").hasMessageContaining("client-<option>");
        assertThatThrownBy(() -> info.withClientOptions(java.util.Map.of("client-password", "other")))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("'password' comes from the URL and the login settings");
        assertThatThrownBy(() -> info.withClientOptions(java.util.Map.of("client-ssl ca", "x")))
                .hasMessageContaining("lower-case letters, digits");
    }

    @Test
    void optionValuesAreQuotedSoEveryCharacterSurvives() {
        assertThat(MysqlConnectionInfo.optionValue("p\"a'ss#w\\rd;x y ")).isEqualTo("\"p\\\"a'ss#w\\\\rd;x y \"");
        assertThat(MysqlConnectionInfo.optionValue("line\nbreak")).isEqualTo("\"line\\nbreak\"");
    }

    @ParameterizedTest
    @CsvSource({
            "jdbc:mysql://app:" + SECRET + "@db:3306/shop",
            "jdbc:mariadb://app:" + SECRET + "@db/shop?x=1",
            "jdbc:mariadb:replication://app:" + SECRET + "@a,b/shop"})
    void userAndPasswordBeforeTheHostAreRefusedWithoutShowingThePassword(String url) {
        assertThatThrownBy(() -> MysqlConnectionInfo.fromJdbcUrl(url))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("user:password@host")
                .hasMessageContaining("?user=name")
                .satisfies(e -> SecretScan.of(SECRET).assertAbsentFrom(e));
    }

    @Test
    void severalServersAndFailoverFormsAreRefusedWithTheFix() {
        assertThatThrownBy(() -> MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://a:3306,b:3306/shop?password=" + SECRET))
                .hasMessageContaining("names several servers").hasMessageContaining("jdbc:mariadb://primary:3306/shop")
                .satisfies(e -> SecretScan.of(SECRET).assertAbsentFrom(e));
        assertThatThrownBy(() -> MysqlConnectionInfo.fromJdbcUrl("jdbc:mysql:loadbalance://a,b/shop"))
                .hasMessageContaining("'loadbalance' form").hasMessageContaining("a backup reads one server");
    }

    @Test
    void aMissingDatabaseOrBadPortIsNamed() {
        assertThatThrownBy(() -> MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://db:3306/?password=" + SECRET))
                .hasMessageContaining("names no database").hasMessageContaining("jdbc:mariadb://db:3306/shop")
                .satisfies(e -> SecretScan.of(SECRET).assertAbsentFrom(e));
        assertThatThrownBy(() -> MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://db:33o6/shop"))
                .hasMessageContaining("port '33o6'");
    }

    @Test
    void redactHidesThePasswordInEveryPlace() {
        SourceProvider provider = new MysqlSourceProvider();

        assertThat(provider.redact("jdbc:mysql://h/db?user=a&password=" + SECRET + "&x=1")).isEqualTo("jdbc:mysql://h/db?user=a&password=****&x=1");
        assertThat(provider.redact("jdbc:mysql://a:" + SECRET + "@h/db")).doesNotContain(SECRET);
    }

    @Test
    void theInstalledProvidersTakeBothSchemesAsTypeMysql() {
        SourceProviders installed = SourceProviders.installed();

        assertThat(installed.forUri("jdbc:mariadb://h/db").type()).isEqualTo("mysql");
        assertThat(installed.forUri("  JDBC:MySQL://h/db").type()).isEqualTo("mysql");
        assertThat(installed.forType("mysql")).isPresent();
        assertThat(installed.examples()).contains("jdbc:mariadb://host:3306/db?user=name");
    }

    @ParameterizedTest
    @CsvSource({
            "jdbc:maria://h:3306/db?password=" + SECRET + ", jdbc:mariadb://h:3306/db?password=****",
            "jdbc:mysql5://h/db, jdbc:mysql://h/db",
            "mariadb://h/db, jdbc:mariadb://h/db",
            "mysql://h:3306/db, jdbc:mysql://h:3306/db",
            "jdbc:mariadb4j://h/db, jdbc:mariadb://h/db"})
    void typosGetTheCorrectedUrlWithoutThePassword(String typo, String corrected) {
        assertThatThrownBy(() -> SourceProviders.installed().forUri(typo))
                .isInstanceOf(UnsupportedSourceException.class)
                .satisfies(e -> assertThat(((UnsupportedSourceException) e).suggestion()).isEqualTo(corrected))
                .satisfies(e -> SecretScan.of(SECRET).assertAbsentFrom(e));
    }

    @Test
    void defaultNameIsTheSanitizedDatabaseName() {
        MysqlSourceProvider provider = new MysqlSourceProvider();

        assertThat(provider.defaultName("jdbc:mariadb://h/shop")).isEqualTo("shop");
        assertThat(provider.defaultName("jdbc:mysql://h/my%20shop$1?user=x")).isEqualTo("my_shop_1");
        assertThat(provider.source("n", "jdbc:mysql://h/db", SourceSettings.none()).type()).isEqualTo("mysql");
    }

    @Test
    void toolVersionsAreRead() {
        assertThat(MysqlVersion.ofTool("mariadb-dump  Ver 10.19 Distrib 10.11.19-MariaDB, for debian-linux-gnu (x86_64)"))
                .hasValueSatisfying(v -> assertThat(v.series()).isEqualTo("MariaDB 10.11"));
        assertThat(MysqlVersion.ofTool("mysqldump  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)"))
                .hasValueSatisfying(v -> assertThat(v.series()).isEqualTo("MySQL 8.0"));
        assertThat(MysqlVersion.ofTool("mysqldump  Ver 10.13 Distrib 5.7.44, for Linux (x86_64)"))
                .hasValueSatisfying(v -> assertThat(v.series()).isEqualTo("MySQL 5.7"));
        assertThat(MysqlVersion.ofTool("mariadb-dump from 11.4.2-MariaDB, client 10.19 for Linux (x86_64)")).isEmpty();
        assertThat(MysqlVersion.ofServer("8.4.1").series()).isEqualTo("MySQL 8.4");
        assertThat(MysqlVersion.ofServer("11.4.2-MariaDB-log").compareTo(MysqlVersion.ofServer("10.11.9-MariaDB"))).isPositive();
    }

    @Test
    void theDatabaseNameIsPercentDecodedAsInAnyUrlAndAStrayPercentIsRefused() {
        assertThat(MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://h/ht_a%60b").database()).isEqualTo("ht_a`b");
        assertThat(MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://h/ht_p%2541").database()).isEqualTo("ht_p%41");
        assertThat(MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://h/a+b%20c-%C3%BC").database()).isEqualTo("a+b c-ü");
        assertThatThrownBy(() -> MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://h/ht_%zz?password=" + SECRET))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("write a '%' in it as %25")
                .satisfies(e -> SecretScan.of(SECRET).assertAbsentFrom(e));
    }

    @Test
    void mysqlPwdGivesThePasswordWhenNeitherTheUrlNorTheSettingDoes() {
        assertThat(new String(MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://h/db?user=app", null, null, SECRET).clientOptions()))
                .contains("password=\"" + SECRET + "\"");
        assertThat(new String(MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://h/db?user=app", null, "setting", SECRET).clientOptions()))
                .contains("password=\"setting\"").doesNotContain(SECRET);
        assertThat(new String(MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://h/db?user=app&password=url", null, null, SECRET).clientOptions()))
                .contains("password=\"url\"").doesNotContain(SECRET);
        assertThat(MysqlConnectionInfo.fromJdbcUrl("jdbc:mariadb://h/db?user=app", null, null, SECRET).toString()).doesNotContain(SECRET);
    }
}
