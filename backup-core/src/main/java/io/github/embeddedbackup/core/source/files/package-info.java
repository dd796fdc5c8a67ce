/** Files and directories: a tree stored as one inner PAX tar, restored without ever writing outside the target. */
@NullMarked
package io.github.embeddedbackup.core.source.files;

import org.jspecify.annotations.NullMarked;
