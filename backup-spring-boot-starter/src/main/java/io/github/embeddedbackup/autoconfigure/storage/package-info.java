/** Storage backends of the starter: S3 and GCS when their modules are on the classpath. */
@NullMarked
package io.github.embeddedbackup.autoconfigure.storage;

import org.jspecify.annotations.NullMarked;
