/**
 * One backup run across several instances of the application sharing one storage ({@code backup.cluster.*}): the
 * {@link io.github.embeddedbackup.runtime.BackupLock} is a ShedLock lock of the application's {@code LockProvider}, a
 * PostgreSQL advisory lock, or none.
 */
@NullMarked
package io.github.embeddedbackup.autoconfigure.cluster;

import org.jspecify.annotations.NullMarked;
