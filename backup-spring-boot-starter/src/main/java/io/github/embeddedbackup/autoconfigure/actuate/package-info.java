/** Actuator: the 'backup' health indicator and the /actuator/backup endpoint. */
@NullMarked
package io.github.embeddedbackup.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
