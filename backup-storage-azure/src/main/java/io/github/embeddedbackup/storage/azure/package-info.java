/** {@code BackupStorage} over Azure Blob Storage: staged blocks committed on close. */
@NullMarked
package io.github.embeddedbackup.storage.azure;

import org.jspecify.annotations.NullMarked;
