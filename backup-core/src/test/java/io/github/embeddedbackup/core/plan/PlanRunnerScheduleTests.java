package io.github.embeddedbackup.core.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.retention.LabelledRetention;
import io.github.embeddedbackup.core.retention.RetentionPolicy;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several schedules in one plan: each writes where it is told, and each label's policy decides about its own backups only. */
class PlanRunnerScheduleTests {

    @TempDir
    Path dir;

    private static RetentionPolicy keepLast(int n) {
        return new RetentionPolicy(n, 0, 0, 0, 0, 0, null, null, ZoneOffset.UTC);
    }

    @Test
    void eachLabelledPolicyKeepsItsOwnBackupsAndTheDestinationPolicyTheRest() {
        BackupRepository primary = new BackupRepository(new FilesystemBackupStorage(dir.resolve("primary")));
        BackupPlan.Destination destination = new BackupPlan.Destination(new BackupDestination("primary", primary, true), keepLast(1))
                .withLabelled(new LabelledRetention("schedule", "hourly", keepLast(2)))
                .withLabelled(new LabelledRetention("schedule", "daily", keepLast(3)));
        List<String> labels = List.of("hourly", "daily", "", "hourly", "daily", "", "hourly", "daily", "", "hourly", "daily", "");
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < labels.size(); i++) {
            BackupOptions options = BackupOptions.defaults().withClock(Clock.fixed(start.plus(Duration.ofHours(i)), ZoneOffset.UTC));
            PlanRunner runner = new PlanRunner(new BackupPlan(List.of(new GeneratedSource("db", 500)), List.of(destination), options, Map.of()));
            runner.backup(List.of(new GeneratedSource("db", 500)), labels.get(i).isEmpty() ? Map.of("trigger", "api")
                    : Map.of("trigger", "schedule", "schedule", labels.get(i)), BackupProgressListener.NONE);
        }

        List<PlanRunner.RetentionOutcome> outcomes = new PlanRunner(new BackupPlan(List.of(), List.of(destination), BackupOptions.defaults(),
                Map.of())).applyRetention(start.plus(Duration.ofDays(1)));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).isNull());
        Map<String, Long> kept = primary.list().backups().stream().collect(java.util.stream.Collectors.groupingBy(
                backup -> backup.labels().getOrDefault("schedule", "none"), java.util.stream.Collectors.counting()));
        assertThat(kept).isEqualTo(Map.of("hourly", 2L, "daily", 3L, "none", 1L));
        // The newest of each kind survived.
        assertThat(primary.list().backups()).extracting(Manifest::startedAt).contains(start.plus(Duration.ofHours(11)),
                start.plus(Duration.ofHours(10)), start.plus(Duration.ofHours(9)));
    }

    @Test
    void aBackupGoesOnlyToTheChosenDestinationsAndAnOptionalOneChosenAloneIsRequired() {
        BackupRepository primary = new BackupRepository(new FilesystemBackupStorage(dir.resolve("primary")));
        BackupRepository cold = new BackupRepository(new FilesystemBackupStorage(dir.resolve("cold")));
        BackupPlan plan = new BackupPlan(List.of(new GeneratedSource("db", 500)), List.of(
                new BackupPlan.Destination(new BackupDestination("primary", primary, true), null),
                new BackupPlan.Destination(new BackupDestination("cold", cold, false), null)), BackupOptions.defaults(), Map.of());

        Manifest monthly = new PlanRunner(plan).backup(plan.sources(), Map.of("schedule", "monthly"), BackupProgressListener.NONE,
                List.of("cold"));
        new PlanRunner(plan).backup(plan.sources(), Map.of(), BackupProgressListener.NONE, List.of());

        assertThat(cold.list().backups()).hasSize(2).extracting(Manifest::id).contains(monthly.id());
        assertThat(primary.list().backups()).hasSize(1).extracting(Manifest::id).doesNotContain(monthly.id());
    }
}
