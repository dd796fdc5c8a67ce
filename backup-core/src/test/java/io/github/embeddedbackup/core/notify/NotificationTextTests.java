package io.github.embeddedbackup.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The plain text of e-mails and Slack's fallback: readable units, one fact per line. */
class NotificationTextTests {

    @Test
    void theSubjectNamesWhatHappenedWhereAndTheBodyEveryFact() {
        NotificationEvent event = Events.failedBackup();

        assertThat(NotificationText.subject(event)).isEqualTo("Backup failed — my-service on db-host-1");
        assertThat(NotificationText.body(event)).startsWith("Backup failed — my-service\n\n").contains("Service: my-service\n", "Host: db-host-1\n",
                "Event: backup-failed\n", "Time: 2026-11-30T03:00:12Z\n", "Backup: 2026-11-30T030000Z-a1b2\n", "Sources: main-db, uploads\n",
                "Destinations: s3-eu, local\n", "Size: 1.5 MiB\n", "Duration: 1 min 12 s\n", "Next run: 2026-12-01T03:00:00Z\n",
                "\nError:\npg_dump: error:", "attempts: 3\n", "trigger: schedule\n", "Link: https://admin.example.com/backups");
    }

    @Test
    void absentFactsHaveNoLine() {
        String body = NotificationText.body(Events.succeededBackup());

        assertThat(body).doesNotContain("Error", "Sources", "Duration", "Next run", "Link", "null");
    }

    @Test
    void durationsAndSizesReadAsPeopleWriteThem() {
        assertThat(NotificationText.duration(Duration.ofMillis(350))).isEqualTo("350 ms");
        assertThat(NotificationText.duration(Duration.ofSeconds(12))).isEqualTo("12 s");
        assertThat(NotificationText.duration(Duration.ofSeconds(72))).isEqualTo("1 min 12 s");
        assertThat(NotificationText.duration(Duration.ofMinutes(5))).isEqualTo("5 min");
        assertThat(NotificationText.duration(Duration.ofMinutes(125))).isEqualTo("2 h 5 min");
        assertThat(NotificationText.size(512)).isEqualTo("512 B");
        assertThat(NotificationText.size(1536)).isEqualTo("1.5 KiB");
        assertThat(NotificationText.size(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GiB");
    }

    @Test
    void truncationNeverSplitsACharacter() {
        assertThat(NotificationText.truncate("ab😀cd", 4)).isEqualTo("ab…");
        assertThat(NotificationText.truncateUtf8("aé😀", 6)).isEqualTo("aé…");
        assertThat(NotificationText.truncateUtf8("aé😀", 5)).isEqualTo("a…");
    }
}
