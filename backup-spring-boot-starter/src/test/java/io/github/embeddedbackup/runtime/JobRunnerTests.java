package io.github.embeddedbackup.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.embeddedbackup.core.BackupDestination;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.plan.BackupPlan;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One job at a time on one worker, the recent jobs, and shutdown. */
class JobRunnerTests {

    @TempDir
    Path dir;

    BackupRepository repository() {
        return new BackupRepository(new FilesystemBackupStorage(dir));
    }

    BackupService service(GeneratedSource source) {
        return new BackupService(repository(), List.of(source), BackupOptions.defaults(), null, List.of(), Clock.systemUTC());
    }

    @Test
    void oneJobRunsAtATimeAndASecondIsRefusedNamingTheRunningOne() throws Exception {
        JobRunner runner = new JobRunner();
        CountDownLatch release = new CountDownLatch(1);
        BackupJob restore = runner.submit(new BackupJob(BackupJob.Type.RESTORE, "api", List.of("app"), Instant.now()), job -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        BackupService backups = new BackupService(new BackupPlan(List.of(new GeneratedSource("gen", 10)), List.of(new BackupPlan.Destination(
                new BackupDestination("primary", repository(), true), null)), BackupOptions.defaults(), Map.of()), runner,
                new BackupHistory(repository(), Clock.systemUTC()), List.of(), Clock.systemUTC());
        try {
            assertThat(runner.running()).isSameAs(restore);
            assertThatThrownBy(() -> runner.submit(new BackupJob("other", Instant.now()), job -> {}))
                    .isInstanceOfSatisfying(BackupAlreadyRunningException.class, e -> assertThat(e.running()).isSameAs(restore))
                    .hasMessageContaining("A restore is running (job " + restore.id() + ")");
            assertThatThrownBy(() -> backups.trigger("test")).as("a backup waits for the restore on the same runner")
                    .isInstanceOf(BackupAlreadyRunningException.class).hasMessageContaining("this backup can start when the restore has ended");
        } finally {
            release.countDown();
        }
        assertThat(restore.completion().get(30, TimeUnit.SECONDS)).isSameAs(restore);
        assertThat(runner.running()).isNull();
        assertThat(runner.recentJobs()).containsExactly(restore);
        assertThat(backups.trigger("test").completion().get(30, TimeUnit.SECONDS).state()).isEqualTo(BackupJob.State.SUCCEEDED);
        assertThat(runner.recentJobs()).hasSize(2);
    }

    @Test
    void keepsTheNewestJobsOnly() throws Exception {
        JobRunner runner = new JobRunner();
        List<BackupJob> submitted = new ArrayList<>();
        for (int i = 0; i < JobRunner.RECENT_JOBS + 5; i++) {
            BackupJob job = runner.submit(new BackupJob("run-" + i, Instant.now()), done -> {});
            job.completion().get(30, TimeUnit.SECONDS);
            submitted.add(0, job);
        }
        assertThat(runner.recentJobs()).containsExactlyElementsOf(submitted.subList(0, JobRunner.RECENT_JOBS));
        assertThat(runner.job(submitted.get(0).id())).contains(submitted.get(0));
        assertThat(runner.job(submitted.get(submitted.size() - 1).id())).as("dropped").isEmpty();
    }

    @Test
    void afterShutdownNoJobStarts() {
        JobRunner runner = new JobRunner();
        runner.shutdown(Duration.ZERO);
        assertThatThrownBy(() -> runner.submit(new BackupJob(BackupJob.Type.RESTORE, "api", List.of(), Instant.now()), job -> {}))
                .isInstanceOf(BackupException.class).hasMessage("The application is shutting down; no new job is started.");
        assertThat(runner.recentJobs()).isEmpty();
    }

    @Test
    void shutdownAbortsABackupThatOutlivesTheTimeoutAndLeavesNothingVisible() throws Exception {
        BackupService service = service(new GeneratedSource("gen", 4L * 1024 * 1024 * 1024));
        BackupJob job = service.trigger("test");
        awaitFirstBytes(job, Duration.ofSeconds(30));

        service.jobs().shutdown(Duration.ofMillis(200));

        assertThat(job.completion().get(30, TimeUnit.SECONDS).state()).isEqualTo(BackupJob.State.FAILED);
        assertThat(job.error()).contains("aborted").contains("Nothing of it was stored");
        assertThat(repository().list().backups()).isEmpty();
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).as("not even a partial file").isEmpty();
        }
    }

    /** Waits until the backup is writing, so that the shutdown lands mid-run; fails with the job's state past the deadline. */
    private static void awaitFirstBytes(BackupJob job, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (job.plainBytes() == 0) {
            if (System.nanoTime() > deadline) {
                fail("The backup wrote no byte within " + within.toSeconds() + " s: it is " + job.state() + " at stage '"
                        + job.stage() + "'" + (job.error() == null ? "" : ", error: " + job.error()));
            }
            Thread.sleep(10);
        }
    }
}
