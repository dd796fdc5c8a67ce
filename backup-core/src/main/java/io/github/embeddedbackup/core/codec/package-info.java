/** Compression of the archive stream (zstd, gzip, none). */
@NullMarked
package io.github.embeddedbackup.core.codec;

import org.jspecify.annotations.NullMarked;
