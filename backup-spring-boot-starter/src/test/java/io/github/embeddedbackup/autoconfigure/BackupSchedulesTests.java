package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.autoconfigure.actuate.BackupEndpoint;
import io.github.embeddedbackup.autoconfigure.actuate.BackupEndpointAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.actuate.BackupHealthAutoConfiguration;
import io.github.embeddedbackup.autoconfigure.actuate.BackupHealthIndicator;
import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.runtime.BackupSchedule;
import io.github.embeddedbackup.runtime.BackupService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Several schedules, as a user configures them: own sources, own destinations, own retention, own health. */
class BackupSchedulesTests {

    @TempDir
    Path dir;

    @BeforeEach
    void data() throws Exception {
        try (var conn = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db")); var statement = conn.createStatement()) {
            statement.execute("create table t (x int)");
            statement.execute("insert into t values (1), (2)");
        }
        Files.createDirectories(dir.resolve("uploads"));
        Files.writeString(dir.resolve("uploads/a.txt"), "a file");
    }

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, BackupAutoConfiguration.class,
                        BackupHealthAutoConfiguration.class, BackupEndpointAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=jdbc:sqlite:" + dir.resolve("app.db"),
                        "backup.sources.uploads.path=" + dir.resolve("uploads"),
                        "backup.storage.local.path=" + dir.resolve("backups"), "backup.catch-up=false", "backup.zone=UTC",
                        "management.endpoints.web.exposure.include=backup");
    }

    /** The example of docs/configuration.md, with counts small enough to see. */
    ApplicationContextRunner hourlyDailyMonthly() {
        return runner().withPropertyValues(
                "backup.mirrors.cold.local.path=" + dir.resolve("cold"),
                "backup.retention.keep-last=1", "backup.retention.keep-within=0",
                "backup.mirrors.cold.retention.keep-last=1", "backup.mirrors.cold.retention.keep-within=0",
                "backup.schedules.hourly.cron=0 0 * * * *", "backup.schedules.hourly.sources=main",
                "backup.schedules.hourly.destinations=primary",
                "backup.schedules.hourly.retention.keep-last=2", "backup.schedules.hourly.retention.keep-within=0",
                "backup.schedules.daily.cron=0 0 3 * * *",
                "backup.schedules.daily.retention.keep-last=3", "backup.schedules.daily.retention.keep-within=0",
                "backup.schedules.monthly.cron=0 0 4 1 * *", "backup.schedules.monthly.destinations=cold",
                "backup.schedules.monthly.retention.keep-last=2", "backup.schedules.monthly.retention.keep-within=0");
    }

    @Test
    void eachScheduleBacksUpItsSourcesToItsDestinationsAndKeepsItsOwnBackups() {
        hourlyDailyMonthly().run(context -> {
            assertThat(context).hasNotFailed();
            BackupScheduler scheduler = context.getBean(BackupScheduler.class);
            assertThat(scheduler.schedules()).extracting(BackupSchedule::name).containsExactly("hourly", "daily", "monthly")
                    .as("naming schedules leaves out the default 02:00 one").doesNotContain("default");
            for (int i = 0; i < 4; i++) {
                run(scheduler, "hourly");
                run(scheduler, "daily");
                run(scheduler, "monthly");
                context.getBean(BackupService.class).trigger("api").completion().get(30, TimeUnit.SECONDS);
            }

            BackupRepository primary = new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
            BackupRepository cold = new BackupRepository(new FilesystemBackupStorage(dir.resolve("cold")));
            assertThat(countBySchedule(primary)).isEqualTo(Map.of("hourly", 2L, "daily", 3L, "none", 1L));
            assertThat(countBySchedule(cold)).isEqualTo(Map.of("daily", 3L, "monthly", 2L, "none", 1L));
            assertThat(primary.list().backups()).filteredOn(backup -> "hourly".equals(backup.labels().get("schedule")))
                    .allSatisfy(backup -> assertThat(backup.sources()).extracting(source -> source.name()).containsExactly("main"));
            assertThat(cold.list().backups()).filteredOn(backup -> "monthly".equals(backup.labels().get("schedule")))
                    .allSatisfy(backup -> assertThat(backup.sources()).extracting(source -> source.name()).containsExactly("main", "uploads"));
        });
    }

    private static void run(BackupScheduler scheduler, String name) {
        BackupSchedule schedule = scheduler.schedules().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
        scheduler.runSlot(schedule, Instant.now());
    }

    private static Map<String, Long> countBySchedule(BackupRepository repository) {
        return repository.list().backups().stream().collect(Collectors.groupingBy(
                (Manifest backup) -> backup.labels().getOrDefault("schedule", "none"), Collectors.counting()));
    }

    @Test
    void backupScheduleSetExplicitlyStaysTheScheduleNamedDefault() {
        runner().withPropertyValues("backup.schedule=0 30 1 * * *", "backup.schedules.hourly.cron=0 0 * * * *").run(context -> {
            assertThat(context.getBean(BackupScheduler.class).schedules()).extracting(BackupSchedule::name).containsExactly("default", "hourly");
        });
        runner().run(context -> assertThat(context.getBean(BackupScheduler.class).schedules()).singleElement()
                .satisfies(schedule -> assertThat(schedule.cron()).isEqualTo("0 0 2 * * *")));
    }

    @Test
    void schedulesFireOnTheirOwnCronAndLabelTheirBackups() {
        runner().withPropertyValues("backup.schedules.fast.cron=*/2 * * * * *", "backup.schedules.fast.sources=main",
                "backup.schedules.slow.cron=*/3 * * * * *").run(context -> {
                    BackupRepository primary = new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (!countBySchedule(primary).keySet().containsAll(List.of("fast", "slow")) && System.nanoTime() < deadline) {
                        Thread.sleep(200);
                    }
                    assertThat(countBySchedule(primary)).containsKeys("fast", "slow").doesNotContainKey("none");
                    assertThat(primary.list().backups()).allSatisfy(backup -> assertThat(backup.labels()).containsEntry("trigger", "schedule"));
                });
    }

    @Test
    void healthJudgesEachScheduleByItsOwnMaxAgeAndTheEndpointListsThem() throws Exception {
        // First started three hours ago, never backed up: stale for an hourly schedule (max age 2 h), not for a daily one (25 h).
        Files.createDirectories(dir.resolve("backups/state"));
        Files.writeString(dir.resolve("backups/state/first-start"), Instant.now().minus(Duration.ofHours(3)) + "\n");
        runner().withPropertyValues("backup.schedules.hourly.cron=0 0 * * * *", "backup.schedules.daily.cron=0 0 3 * * *")
                .run(context -> {
                    Health health = context.getBean(BackupHealthIndicator.class).health(true);
                    assertThat(health.getStatus()).as("DOWN for the component; the application stays UP").isEqualTo(BackupHealthIndicator.BACKUP_DOWN);
                    assertThat((String) health.getDetails().get("reason")).startsWith("schedule 'hourly': no backup in storage in the 3 h")
                            .doesNotContain("'daily'");
                    assertThat(schedulesDetail(health)).containsOnlyKeys("hourly", "daily");
                    assertThat(schedulesDetail(health).get("hourly")).containsEntry("maxAge", "PT2H").containsKey("nextRun");

                    run(context.getBean(BackupScheduler.class), "hourly");
                    assertThat(context.getBean(BackupHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);

                    BackupEndpoint.BackupStatusDescriptor status = context.getBean(BackupEndpoint.class).status();
                    assertThat(status.schedules()).extracting(BackupEndpoint.ScheduleDescriptor::name).containsExactly("hourly", "daily");
                    assertThat(status.schedules()).allSatisfy(schedule -> assertThat(Instant.parse(schedule.nextRun())).isAfter(Instant.now()));
                    assertThat(status.schedules().get(0).lastSuccess()).isNotNull();
                    assertThat(status.schedules().get(1).lastSuccess()).as("the daily schedule has not run").isNull();
                    assertThat(status.nextRun()).isEqualTo(status.schedules().get(0).nextRun());
                });
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object body) {
        return (Map<String, Object>) body;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> schedulesDetail(Health health) {
        return (Map<String, Map<String, Object>>) health.getDetails().get("schedules");
    }

    @Test
    void aScheduleThatWritesOnlyToAMirrorIsJudgedFromTheMirror() {
        runner().withPropertyValues("backup.schedule=", "backup.mirrors.cold.local.path=" + dir.resolve("cold"),
                "backup.mirrors.cold.required=false", "backup.schedules.monthly.cron=0 0 4 1 * *",
                "backup.schedules.monthly.destinations=cold").run(context -> {
                    BackupHealthIndicator health = context.getBean(BackupHealthIndicator.class);
                    health.health(true); // reads (and caches) the empty mirror, as a health probe at start-up does
                    run(context.getBean(BackupScheduler.class), "monthly");
                    Health after = health.health(true);
                    assertThat(schedulesDetail(after).get("monthly").get("lastSuccess")).as("the backup in the mirror is seen")
                            .isNotEqualTo("none");
                });
    }

    @Test
    void aManualBackupWhileAnotherInstanceHoldsTheLockIsAConflictInTheEndpointToo() {
        runner().withBean(io.github.embeddedbackup.runtime.BackupLock.class, () -> new io.github.embeddedbackup.runtime.BackupLock() {
            @Override
            public java.util.Optional<Lease> tryAcquire() {
                return java.util.Optional.empty(); // always held by another instance
            }

            @Override
            public String describe() {
                return "a lock held elsewhere";
            }
        }).run(context -> {
            org.springframework.boot.actuate.endpoint.web.WebEndpointResponse<Object> answer = context.getBean(BackupEndpoint.class).trigger();
            assertThat(answer.getStatus()).isEqualTo(409);
            assertThat(asMap(answer.getBody())).containsEntry("title", "Running in another instance").containsKey("runningAt");
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> context.getBean(BackupService.class).trigger("api")))
                    .isInstanceOf(io.github.embeddedbackup.runtime.BackupRunningElsewhereException.class)
                    .hasMessageContaining("a lock held elsewhere");
        });
    }

    @Test
    void aManualBackupCannotPassForAScheduledOne() {
        runner().withPropertyValues("backup.schedules.hourly.cron=0 0 * * * *").run(context -> assertThat(
                org.assertj.core.api.Assertions.catchThrowable(() -> context.getBean(BackupService.class).trigger("api", List.of(),
                        Map.of("schedule", "hourly"))))
                .isInstanceOf(io.github.embeddedbackup.core.BackupConfigurationException.class).hasMessageContaining("'schedule' is reserved"));
    }

    @Test
    void aMistakeInAScheduleNamesThePropertyAndTheFix() {
        assertFails(Map.of("backup.schedules.hourly.crn", "0 0 * * * *"), "backup.schedules.hourly.crn", "did you mean 'cron'");
        assertFails(Map.of("backup.schedules.hourly.cron", "hourly"), "backup.schedules.hourly.cron", "not a valid Spring cron expression");
        assertFails(Map.of("backup.schedules.hourly.cron", "0 0 * * * *", "backup.schedules.hourly.sources", "mian"),
                "backup.schedules.hourly.sources", "did you mean 'main'");
        assertFails(Map.of("backup.schedules.hourly.cron", "0 0 * * * *", "backup.schedules.hourly.destinations", "cold"),
                "backup.schedules.hourly.destinations", "no destination named 'cold'");
        assertFails(Map.of("backup.schedules.hourly.cron", "0 0 * * * *", "backup.schedules.hourly.retention.keep-lats", "3"),
                "backup.schedules.hourly.retention.keep-lats", "did you mean 'keep-last'");
        assertFails(Map.of("backup.schedules.hourly.sources", "main"), "backup.schedules.hourly.cron", "has no cron");
        assertFails(Map.of("backup.schedule", "0 0 2 * * *", "backup.schedules.default.cron", "0 0 3 * * *"), "backup.schedules.default",
                "both backup.schedule and backup.schedules.default");
        assertFails(Map.of("backup.schedules.hourly.cron", "0 0 * * * *", "backup.schedules.Hourly.cron", "0 30 * * * *"),
                "backup.schedules.", "differ only in case");
    }

    private void assertFails(Map<String, String> properties, String property, String message) {
        String[] values = properties.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue()).toArray(String[]::new);
        runner().withPropertyValues(values).run(context -> {
            assertThat(context).hasFailed();
            Throwable cause = context.getStartupFailure();
            while (cause != null && !(cause instanceof BackupPropertyException)) {
                cause = cause.getCause();
            }
            assertThat(cause).as("a BackupPropertyException for " + properties).isInstanceOf(BackupPropertyException.class);
            assertThat(((BackupPropertyException) cause).property()).startsWith(property);
            assertThat(cause.getMessage()).contains(message);
        });
    }
}
