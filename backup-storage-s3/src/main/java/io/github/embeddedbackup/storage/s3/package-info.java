/** {@code BackupStorage} over AWS SDK v2 for S3 and S3-compatible stores (MinIO, Backblaze B2, Cloudflare R2, Wasabi). */
@NullMarked
package io.github.embeddedbackup.storage.s3;

import org.jspecify.annotations.NullMarked;
