/** The tar (PAX) layer: entries split into bounded parts, each hashed while written. */
@NullMarked
package io.github.embeddedbackup.core.archive;

import org.jspecify.annotations.NullMarked;
