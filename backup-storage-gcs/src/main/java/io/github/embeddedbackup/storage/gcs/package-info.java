/**
 * {@code BackupStorage} over google-cloud-storage. Not built yet: this module reserves its place in
 * the reactor until the GCS issue lands.
 */
@NullMarked
package io.github.embeddedbackup.storage.gcs;

import org.jspecify.annotations.NullMarked;
