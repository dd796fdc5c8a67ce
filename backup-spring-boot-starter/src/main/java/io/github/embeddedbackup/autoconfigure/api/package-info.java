/** The REST API {@code /api/backup}: closed by default, problem details for errors, audited. */
@NullMarked
package io.github.embeddedbackup.autoconfigure.api;

import org.jspecify.annotations.NullMarked;
