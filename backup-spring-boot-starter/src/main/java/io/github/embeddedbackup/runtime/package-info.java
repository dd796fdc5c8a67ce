/**
 * What runs backups and restores in an application: one job at a time on one worker thread
 * ({@link io.github.embeddedbackup.runtime.JobRunner}), what is known of past backups
 * ({@link io.github.embeddedbackup.runtime.BackupHistory}), backup and restore jobs. Free of Spring Boot:
 * the auto-configuration builds it from properties and settings records.
 */
@NullMarked
package io.github.embeddedbackup.runtime;

import org.jspecify.annotations.NullMarked;
