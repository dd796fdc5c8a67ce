package io.github.embeddedbackup.core.source.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.source.ScratchCheck;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drill's schema, sequence and large-object checks against recorded manifest properties, without a server. */
class PgObjectChecksTests {

    private static final PgObjects RESTORED = new PgObjects(List.of("sales", "public", "we,ird \"x\""), 3, 2);

    @Test
    void recordedObjectsThatWereRestoredPassNamingTheCounts() {
        List<ScratchCheck> checks = PgObjectChecks.check(RESTORED.properties(), () -> RESTORED);

        assertThat(checks).extracting(ScratchCheck::name).containsExactly("schemas", "sequences", "large objects");
        assertThat(checks).allMatch(ScratchCheck::ok);
        assertThat(checks.get(0).detail()).isEqualTo("3 schemas recorded, all present: public, sales, \"we,ird \"\"x\"\"\"");
        assertThat(checks.get(1).detail()).isEqualTo("3 sequences, as the backup recorded");
        assertThat(checks.get(2).detail()).isEqualTo("2 large objects, as the backup recorded");
    }

    @Test
    void aMissingSchemaAndDifferentCountsFailNamingWhatDiffers() {
        Map<String, String> recorded = Map.of("schemas", "archive,public,sales", "sequences", "4", "largeObjects", "1");

        List<ScratchCheck> checks = PgObjectChecks.check(recorded, () -> RESTORED);

        assertThat(checks).noneMatch(ScratchCheck::ok);
        assertThat(checks.get(0).detail()).isEqualTo("schema archive is missing after the restore; the backup recorded archive, public, sales");
        assertThat(checks.get(1).detail()).isEqualTo("sequence count 3 after the restore, the backup recorded 4");
        assertThat(checks.get(2).detail()).isEqualTo("large object count 2 after the restore, the backup recorded 1");
    }

    @Test
    void aBackupThatRecordedNoneOfThemPassesSayingSoWithoutReadingTheScratchDatabase() {
        List<ScratchCheck> checks = PgObjectChecks.check(Map.of("database", "shop"), () -> {
            throw new AssertionError("nothing recorded: nothing to read");
        });

        assertThat(checks).extracting(ScratchCheck::name).containsExactly("schemas", "sequences", "large objects");
        assertThat(checks).allSatisfy(check -> {
            assertThat(check.ok()).isTrue();
            assertThat(check.detail()).startsWith("not recorded in this backup");
        });
    }

    @Test
    void aScratchDatabaseThatCannotBeReadFailsTheRecordedChecksWithTheReason() {
        List<ScratchCheck> checks = PgObjectChecks.check(Map.of("sequences", "1"), () -> {
            throw new BackupException("connection refused");
        });

        assertThat(checks.get(0).ok()).as("schemas were not recorded").isTrue();
        assertThat(checks.get(1).ok()).isFalse();
        assertThat(checks.get(1).detail()).isEqualTo("could not be read from the scratch database: connection refused");
    }

    @Test
    void schemaListsReadBackWhatWasWrittenAndRejectMalformedOnes() {
        assertThat(PgObjects.parseList(RESTORED.properties().get("schemas"))).containsExactly("public", "sales", "we,ird \"x\"");
        assertThat(PgObjects.parseList("")).isEmpty();
        assertThat(PgObjects.parseList("\"open")).isNull();
        assertThat(PgObjects.recordedCount(Map.of("sequences", "many"), "sequences")).isNull();
    }
}
