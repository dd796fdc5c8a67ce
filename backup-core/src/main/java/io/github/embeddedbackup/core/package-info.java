/** Backup engine, identifiers and the exception root. No Spring: usable from any JVM program. */
@NullMarked
package io.github.embeddedbackup.core;

import org.jspecify.annotations.NullMarked;
