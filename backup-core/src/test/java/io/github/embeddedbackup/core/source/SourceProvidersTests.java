package io.github.embeddedbackup.core.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.embeddedbackup.core.BackupConfigurationException;
import org.junit.jupiter.api.Test;

/** The providers core registers are found through ServiceLoader, and a URI none takes is refused helpfully. */
class SourceProvidersTests {

    private final SourceProviders providers = SourceProviders.installed();

    @Test
    void coreRegistersPostgresqlSqliteAndFolders() {
        assertThat(providers.all()).extracting(SourceProvider::type).contains("postgresql", "sqlite", "files");
        assertThat(providers.forUri("jdbc:postgresql://db:5432/shop?user=app").type()).isEqualTo("postgresql");
        assertThat(providers.forUri(" jdbc:sqlite:/var/app.db ").type()).isEqualTo("sqlite");
        assertThat(providers.forUri("file:/srv/uploads").type()).isEqualTo("files");
        assertThat(providers.forType("sqlite")).isPresent();
        assertThat(providers.forType("oracle")).isEmpty();
    }

    @Test
    void eachProviderNamesItsSourceAfterWhatTheUriNames() {
        assertThat(providers.forUri("jdbc:postgresql://db/shop").defaultName("jdbc:postgresql://db/shop")).isEqualTo("shop");
        assertThat(providers.forUri("jdbc:sqlite:/data/notes.db").defaultName("jdbc:sqlite:/data/notes.db")).isEqualTo("notes");
        assertThat(providers.forUri("file:/srv/up loads").defaultName("file:/srv/up loads")).isEqualTo("up_loads");
    }

    @Test
    void anEmbeddedDatabaseIsRefusedWithTheReasonAndTheAcceptedForms() {
        assertThatThrownBy(() -> providers.forUri("jdbc:h2:mem:test")).isInstanceOf(UnsupportedSourceException.class)
                .hasMessageContaining("embedded databases such as H2").hasMessageContaining("jdbc:postgresql://host:5432/db")
                .hasMessageContaining("jdbc:sqlite:/path/file.db").hasMessageContaining("file:/path/to/folder");
    }

    @Test
    void aTypoGetsTheCorrectedUriWithoutItsPassword() {
        assertThatThrownBy(() -> providers.forUri("jdbc:postgres://db:5432/shop?user=app&password=s3cret"))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining("did you mean jdbc:postgresql://db:5432/shop").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> providers.forUri("jdbc:sqllite:/data/notes.db")).hasMessageContaining("did you mean jdbc:sqlite:/data/notes.db");
    }

    @Test
    void aUriNoProviderKnowsIsRedactedAllTheSame() {
        assertThat(providers.redact("jdbc:oracle:thin:scott/tiger@//host?password=tiger")).doesNotContain("password=tiger");
        assertThat(SourceProviders.redactAnyUri("redis://user:secret@host:6379")).isEqualTo("redis://****@host:6379");
    }

    @Test
    void settingsNeverShowTheirPassword() {
        assertThat(SourceSettings.none().withCredentials("app", "s3cret").toString()).contains("app").doesNotContain("s3cret");
        assertThat(new SourceSpec("shop", "jdbc:postgresql://db/shop?password=s3cret", SourceSettings.none()).toString())
                .doesNotContain("s3cret");
    }
}
