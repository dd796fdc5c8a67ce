/**
 * What a backup covers and where it goes ({@link io.github.embeddedbackup.core.plan.BackupPlan}), built
 * the same way by the CLI and the starter, and the one path that runs it.
 */
@NullMarked
package io.github.embeddedbackup.core.plan;

import org.jspecify.annotations.NullMarked;
