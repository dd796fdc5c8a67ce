/** The standalone {@code backup-cli} command: backup, list, verify, restore. No Spring. */
@NullMarked
package io.github.embeddedbackup.cli;

import org.jspecify.annotations.NullMarked;
