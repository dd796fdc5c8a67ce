package io.github.embeddedbackup.autoconfigure.properties;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A folder on this machine. Bound here too (not only read as provider settings) so that a mirror given by nothing but
 * {@code local.path} (its type defaults to local) is still an entry of the mirrors map.
 *
 * @param path The folder that holds the backups; created when missing.
 */
public record LocalStorageProperties(@DefaultValue("./backups") String path) {}
