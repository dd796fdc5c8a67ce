package io.github.embeddedbackup.storage.azure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.postgres.PgDumpSource;
import io.github.embeddedbackup.core.source.postgres.PgRestoreTarget;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.testing.PgTestServer;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A PostgreSQL database backed up to Azurite through the provider, verified, and restored into a new database with equal rows. */
class AzurePostgresRoundTripIT {

    final List<String> databases = new ArrayList<>();

    @AfterEach
    void drop() {
        databases.forEach(PgTestServer::dropDatabase);
    }

    @Test
    void aDatabaseGoesThroughAzureAndComesBackEqual() {
        PgTestServer.require();
        String original = PgTestServer.createAwkwardDatabase("bt_azure");
        databases.add(original);
        try (AzuriteServer azurite = AzuriteServer.start()) {
            azurite.createContainer("pg-backups");
            BackupRepository repository = new BackupRepository(StorageProviders.installed().open("azure", Map.of("container", "pg-backups",
                    "prefix", "shop", "connection-string", azurite.connectionString(), "block-size", "1MB"), SharedClients.none()));

            Manifest manifest = new BackupEngine(repository, BackupOptions.defaults())
                    .backup(List.of(new PgDumpSource("shop", PgTestServer.info(original))), Map.of(), BackupProgressListener.NONE);
            assertThat(repository.list().backups()).extracting(Manifest::id).containsExactly(manifest.id());
            assertThat(new BackupVerifier(repository).verify(manifest.id(), VerifyLevel.CONTENT).problems()).isEmpty();

            String copy = "bt_azure_copy_" + Long.toHexString(System.nanoTime());
            databases.add(copy);
            new BackupRestorer(repository).restore(manifest.id(), null, new PgRestoreTarget(PgTestServer.info(copy)),
                    new RestoreOptions(true, false, 1, List.of(), false));

            assertThat(PgTestServer.dataFingerprint(copy)).isEqualTo(PgTestServer.dataFingerprint(original));
            assertThat(PgTestServer.schemaDump(copy)).isEqualTo(PgTestServer.schemaDump(original));
        }
    }
}
