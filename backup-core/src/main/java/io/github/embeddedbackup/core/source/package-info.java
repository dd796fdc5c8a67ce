/** Sources of backup data and targets they restore into. */
@NullMarked
package io.github.embeddedbackup.core.source;

import org.jspecify.annotations.NullMarked;
