/**
 * Restore drills: restore a backup into a scratch place, check what came back against the manifest,
 * throw the scratch place away, and record the result (with the measured restore time, the RTO) next
 * to the manifest. See {@code docs/restore.md} and {@code docs/format.md}.
 */
@NullMarked
package io.github.embeddedbackup.core.drill;

import org.jspecify.annotations.NullMarked;
