/** {@code BackupStorage} over google-cloud-storage: resumable streaming uploads. */
@NullMarked
package io.github.embeddedbackup.storage.gcs;

import org.jspecify.annotations.NullMarked;
