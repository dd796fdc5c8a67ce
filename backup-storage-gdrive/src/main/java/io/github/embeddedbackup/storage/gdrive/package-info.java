/** {@code BackupStorage} over Google Drive v3: resumable uploads under a hidden name, renamed when complete. */
@NullMarked
package io.github.embeddedbackup.storage.gdrive;

import org.jspecify.annotations.NullMarked;
