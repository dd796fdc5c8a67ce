/** The format layer over a {@code BackupStorage}: layout, write order and delete order. */
@NullMarked
package io.github.embeddedbackup.core.repository;

import org.jspecify.annotations.NullMarked;
