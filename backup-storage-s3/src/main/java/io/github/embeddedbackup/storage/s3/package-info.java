/**
 * {@code BackupStorage} over AWS SDK v2 for S3 and S3-compatible stores. Not built yet: this module
 * reserves its place in the reactor until the S3 issue lands.
 */
@NullMarked
package io.github.embeddedbackup.storage.s3;

import org.jspecify.annotations.NullMarked;
