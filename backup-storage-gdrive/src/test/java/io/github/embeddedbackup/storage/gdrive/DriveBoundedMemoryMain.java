package io.github.embeddedbackup.storage.gdrive;

import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.SharedClients;
import io.github.embeddedbackup.core.storage.StorageProviders;
import io.github.embeddedbackup.core.testing.BoundedMemoryRun;
import java.util.Map;

/**
 * Run in a child JVM with a small heap: {@code backup|verify|restore rootUrl tokenUrl folderId [size]}: one
 * step of {@link BoundedMemoryRun} into a folder of the local Drive server (default 8 MB chunks).
 */
public final class DriveBoundedMemoryMain {

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = Map.of("root-url", args[1], "token-url", args[2], "folder-id", args[3], "prefix", "big",
                "client-id", FakeDriveServer.CLIENT_ID, "client-secret", FakeDriveServer.CLIENT_SECRET, "refresh-token", FakeDriveServer.REFRESH_TOKEN);
        BackupRepository repository = new BackupRepository(StorageProviders.installed().open("gdrive", settings, SharedClients.none()));
        BoundedMemoryRun.run(args[0], repository, args.length > 4 ? Long.parseLong(args[4]) : 0);
    }
}
