package io.github.embeddedbackup.storage.azure;

import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.testing.BoundedMemoryRun;
import java.util.Map;

/**
 * Run in a child JVM with a small heap: {@code backup|verify|restore container [size]}, with
 * AZURE_STORAGE_CONNECTION_STRING set: one step of {@link BoundedMemoryRun} through the provider
 * (default 16 MB blocks).
 */
public final class AzureBoundedMemoryMain {

    public static void main(String[] args) throws Exception {
        BackupRepository repository = new BackupRepository(StorageProviders.installed().open("azure",
                Map.of("container", args[1], "prefix", "big"), SharedClients.none()));
        BoundedMemoryRun.run(args[0], repository, args.length > 2 ? Long.parseLong(args[2]) : 0);
    }
}
