package io.github.embeddedbackup.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.storage.StorageWriter;
import io.github.embeddedbackup.core.testing.GeneratedSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Azurite is killed (SIGKILL) while a backup stages its blocks, then started again on the same data
 * folder and port: the interrupted backup is not listed, and what was committed before still is.
 */
class AzuriteKillIT {

    @Test
    void aBackupInterruptedByAKilledServerIsNeverListed() throws Exception {
        try (AzuriteServer azurite = AzuriteServer.start()) {
            azurite.createContainer("kill");
            BackupStorage storage = StorageProviders.installed().open("azure", Map.of("container", "kill", "prefix", "app",
                    "connection-string", azurite.connectionString(), "block-size", "1MB", "timeout", "5s"), SharedClients.none());
            try (StorageWriter writer = storage.openWriter("kept/before")) {
                writer.write(new byte[] {7});
            }
            Thread.sleep(6000); // Azurite saves its metadata every 5 s: the committed blob survives the kill

            CountDownLatch staging = new CountDownLatch(1);
            BackupProgressListener listener = (source, plain, stored) -> {
                if (stored > 8L * 1024 * 1024) {
                    staging.countDown();
                }
            };
            CompletableFuture<Void> backup = CompletableFuture.runAsync(() -> new BackupEngine(new BackupRepository(storage),
                    BackupOptions.defaults()).backup(List.of(new GeneratedSource("gen", 2L * 1024 * 1024 * 1024)), Map.of(), listener));
            assertThat(staging.await(60, TimeUnit.SECONDS)).as("the backup staged blocks").isTrue();
            assertThat(storage.list("")).extracting(ObjectInfo::key).containsExactly("kept/before");
            Thread.sleep(5500); // let Azurite save the staged blocks' metadata, as a long upload would

            azurite.kill();
            assertThat(backup).failsWithin(60, TimeUnit.SECONDS);
            azurite.restart();

            assertThat(storage.list("")).extracting(ObjectInfo::key).containsExactly("kept/before");
            assertThat(new BackupRepository(storage).list().backups()).isEmpty();
        }
    }
}
