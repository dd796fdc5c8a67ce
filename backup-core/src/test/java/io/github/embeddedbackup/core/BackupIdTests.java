package io.github.embeddedbackup.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackupIdTests {

    @Test
    void idsAreUtcSortableAndCarryTheirTime() {
        BackupId id = BackupId.generate(Instant.parse("2026-11-21T02:00:00.987Z"));
        assertThat(id.value()).matches("20261121T020000Z-[0-9a-f]{6}");
        assertThat(id.timestamp()).isEqualTo(Instant.parse("2026-11-21T02:00:00Z"));
        assertThat(BackupId.generate(Instant.parse("2026-11-21T02:00:01Z"))).isGreaterThan(id);
    }

    @Test
    void anythingElseIsRefusedWithAnExample() {
        for (String bad : new String[] {"latest", "../x", "20261121T020000Z-7F3A9C", "20261121T020000Z-7f3a9c/..", ""}) {
            assertThat(BackupId.isValid(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> new BackupId(bad)).hasMessageContaining("20261121T020000Z-7f3a9c");
        }
    }
}
