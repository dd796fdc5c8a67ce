/** The storage SPI: immutable objects by key; knows nothing of the backup format. */
@NullMarked
package io.github.embeddedbackup.core.storage;

import org.jspecify.annotations.NullMarked;
