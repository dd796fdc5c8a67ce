package io.github.embeddedbackup.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.ExternalProcess;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Issue 12 item 3: closing the application honours backup.shutdown-timeout, whatever the running backup does. */
@Tag("fault-matrix")
class BackupShutdownFaultsTests {

    @TempDir
    Path dir;

    /** Blocks like a pg_dump that does not answer: deaf to interrupts, until the test lets it go. */
    static volatile boolean released;
    static volatile java.util.concurrent.CountDownLatch stuck = new java.util.concurrent.CountDownLatch(1);

    ApplicationContextRunner runner() {
        return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BackupAutoConfiguration.class))
                .withUserConfiguration(StuckSource.class)
                .withPropertyValues("backup.storage.local.path=" + dir.resolve("backups"), "backup.catch-up=false",
                        "backup.datasource.enabled=false");
    }

    @Configuration(proxyBeanMethods = false)
    static class StuckSource {

        @Bean
        BackupSource stuck() {
            return new BackupSource() {
                @Override
                public String name() {
                    return "stuck";
                }

                @Override
                public String type() {
                    return "test";
                }

                @Override
                public SourceDetails backup(ArchiveSink sink) throws IOException {
                    try (OutputStream out = sink.openEntry("part.bin")) {
                        out.write(new byte[5 << 20]);
                        stuck.countDown();
                        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                        while (!released && System.nanoTime() < until) {
                            Thread.onSpinWait(); // not interruptible, like a blocked read of a pipe
                        }
                        out.write(new byte[1 << 20]);
                    }
                    return new SourceDetails(Map.of(), List.of());
                }
            };
        }
    }

    @Test
    void closingTheApplicationAbortsAStuckBackupWithinTheTimeoutAndListsNothing() throws Exception {
        released = false;
        stuck = new java.util.concurrent.CountDownLatch(1);
        runner().withPropertyValues("backup.shutdown-timeout=2s").run(context -> {
            BackupService service = context.getBean(BackupService.class);
            BackupJob job = service.trigger("test");
            assertThat(stuck.await(20, TimeUnit.SECONDS)).as("the backup runs").isTrue();

            long start = System.nanoTime();
            context.close();
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(took).as("2 s timeout + at most 2 s to abort").isLessThan(Duration.ofMillis(4500));
            released = true; // the stuck source goes on now, long after shutdown gave up on it
            BackupJob done = job.completion().get(30, TimeUnit.SECONDS);
            assertThat(done.state()).isEqualTo(BackupJob.State.FAILED);
            assertThat(done.error()).contains("aborted");
            assertThat(new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups"))).list().backups()).isEmpty();
            try (Stream<Path> files = Files.walk(dir.resolve("backups"))) {
                assertThat(files.filter(Files::isRegularFile).filter(file -> !file.endsWith("state/first-start")))
                        .as("not even a partial file").isEmpty();
            }
        });
    }

    /** A tool that stopped (SIGSTOP, or hung on a lock) and so never sees the abort, as pg_dump can. */
    @Configuration(proxyBeanMethods = false)
    static class StoppedToolSource {

        static volatile @org.jspecify.annotations.Nullable Process tool;

        @Bean
        BackupSource stoppedTool() {
            return new BackupSource() {
                @Override
                public String name() {
                    return "stopped-tool";
                }

                @Override
                public String type() {
                    return "test";
                }

                @Override
                public SourceDetails backup(ArchiveSink sink) throws IOException {
                    try (ExternalProcess process = ExternalProcess.start(List.of("sleep", "600"), Map.of());
                            OutputStream out = sink.openEntry("dump.bin")) {
                        tool = process.process();
                        new ProcessBuilder("kill", "-STOP", Long.toString(process.process().pid())).start().waitFor();
                        stuck.countDown();
                        process.process().getInputStream().transferTo(out); // blocks until the tool is gone
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new IOException("the tool ended without output");
                }
            };
        }
    }

    @Test
    void aToolThatStoppedAnsweringIsKilledAtTheTimeoutNotLeftBehind() throws Exception {
        stuck = new java.util.concurrent.CountDownLatch(1);
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BackupAutoConfiguration.class))
                .withUserConfiguration(StoppedToolSource.class)
                .withPropertyValues("backup.storage.local.path=" + dir.resolve("backups"), "backup.catch-up=false",
                        "backup.datasource.enabled=false", "backup.shutdown-timeout=1s")
                .run(context -> {
                    BackupJob job = context.getBean(BackupService.class).trigger("test");
                    assertThat(stuck.await(20, TimeUnit.SECONDS)).as("the tool runs, stopped").isTrue();

                    long start = System.nanoTime();
                    context.close();
                    Duration took = Duration.ofNanos(System.nanoTime() - start);

                    assertThat(took).as("1 s timeout + at most 2 s to abort").isLessThan(Duration.ofMillis(3500));
                    Process tool = StoppedToolSource.tool;
                    assertThat(tool).isNotNull();
                    assertThat(tool.waitFor(5, TimeUnit.SECONDS)).as("the stopped tool was killed, not left running").isTrue();
                    assertThat(job.completion().get(30, TimeUnit.SECONDS).state()).isEqualTo(BackupJob.State.FAILED);
                    assertThat(new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups"))).list().backups()).isEmpty();
                });
    }

    @Test
    void aNegativeTimeoutIsRefusedAtStartUpNamingTheProperty() {
        runner().withPropertyValues("backup.shutdown-timeout=-5s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("backup.shutdown-timeout")
                    .hasStackTraceContaining("must be zero or positive");
        });
    }
}
