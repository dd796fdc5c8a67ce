package io.github.embeddedbackup.autoconfigure.properties;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A further destination ({@code backup.mirrors.<name>.*}): a storage with its own retention.
 *
 * @param type Kind of storage, as backup.storage.type; its settings go under backup.mirrors.NAME.TYPE.*.
 * @param local A folder on this machine (type local).
 * @param required Whether a backup fails when this destination fails. An optional destination that fails is left out with a warning.
 * @param retention Which backups this destination keeps.
 */
public record MirrorProperties(
        @DefaultValue("local") String type,
        @NestedConfigurationProperty @DefaultValue LocalStorageProperties local,
        @DefaultValue("true") boolean required,
        @NestedConfigurationProperty @DefaultValue RetentionProperties retention) {}
