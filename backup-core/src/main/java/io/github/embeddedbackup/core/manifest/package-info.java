/** The manifest: the JSON document whose presence marks a backup complete (format version 1). */
@NullMarked
package io.github.embeddedbackup.core.manifest;

import org.jspecify.annotations.NullMarked;
