/** PostgreSQL through {@code pg_dump}/{@code pg_restore} custom format. */
@NullMarked
package io.github.embeddedbackup.core.source.postgres;

import org.jspecify.annotations.NullMarked;
