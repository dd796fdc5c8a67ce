/** Restore of a stored backup into a target. */
@NullMarked
package io.github.embeddedbackup.core.restore;

import org.jspecify.annotations.NullMarked;
