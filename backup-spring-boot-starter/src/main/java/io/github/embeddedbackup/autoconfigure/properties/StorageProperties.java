package io.github.embeddedbackup.autoconfigure.properties;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where backups are stored ({@code backup.storage.*}). The settings of each type ({@code backup.storage.s3.bucket}, …)
 * belong to its provider, which declares and checks them; they are read as a map (BackupPlanFactory), so a new storage
 * module needs no field here.
 *
 * @param type Kind of storage: local (a folder, backup.storage.local.path, default ./backups), s3 or gcs (with
 *     backup-storage-s3 / backup-storage-gcs on the classpath), or the type of another installed storage module. Its
 *     settings go under backup.storage.TYPE.*.
 * @param local A folder on this machine (backup.storage.type=local).
 */
public record StorageProperties(@DefaultValue("local") String type, @NestedConfigurationProperty @DefaultValue LocalStorageProperties local) {}
