/** Retention: which complete backups to keep, and why; a pure function, applied by {@link io.github.embeddedbackup.core.retention.Pruner}. */
@NullMarked
package io.github.embeddedbackup.core.retention;

import org.jspecify.annotations.NullMarked;
