/** Micrometer meters for backup runs, under backup.*. */
@NullMarked
package io.github.embeddedbackup.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
