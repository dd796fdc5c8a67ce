package io.github.embeddedbackup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.source.InterruptedOperationException;
import java.io.InterruptedIOException;
import org.junit.jupiter.api.Test;

/** The one line a signal leaves: an interrupted restore is the user's signal, not a damaged backup. */
class CliInterruptionTests {

    @Test
    void aRestoreStoppedWhileReadingTheBackupSaysTheTargetIsAsItWasNotThatTheBackupIsDamaged() {
        // What BackupRestorer throws when the signal interrupts the reading of the backup into a SQLite file or a folder.
        BackupException failure = new BackupException("Restore of backup 20260101T000000Z-abcdef (source 'app') into /srv/app.db failed "
                + "while reading the backup from folder /b: null. The backup is damaged or its storage failed: run verify on it, and restore "
                + "another backup if it reports damage.", new InterruptedIOException());
        String line = CliInterruption.describe("restore", failure);
        assertThat(line).startsWith("interrupted by the signal (Ctrl-C or SIGTERM)").contains("the target was left as it was")
                .contains("The backup is not damaged").doesNotContain("damaged or its storage failed").doesNotContain("run verify");
    }

    @Test
    void aTargetThatSaysWhatItLeftIsQuoted() {
        BackupException failure = new BackupException("x", new InterruptedOperationException("Restore into postgresql://db/shop",
                "the database 'shop' that this restore created was dropped again; nothing else changed", null));
        assertThat(CliInterruption.describe("restore", failure))
                .isEqualTo("interrupted; the database 'shop' that this restore created was dropped again; nothing else changed");
        assertThat(CliInterruption.describe("backup", new RuntimeException("y"))).isEqualTo("interrupted; nothing was stored");
    }
}
