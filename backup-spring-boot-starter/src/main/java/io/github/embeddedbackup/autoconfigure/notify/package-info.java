/** Alerts about backups: channels from {@code backup.notifications.*}, the watchdog, and the e-mail channel. */
@NullMarked
package io.github.embeddedbackup.autoconfigure.notify;

import org.jspecify.annotations.NullMarked;
