/** SQLite through the online backup API. */
@NullMarked
package io.github.embeddedbackup.core.source.sqlite;

import org.jspecify.annotations.NullMarked;
