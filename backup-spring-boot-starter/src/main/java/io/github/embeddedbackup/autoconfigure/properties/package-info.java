/**
 * The starter's {@code backup.*} properties, one immutable record per concern, bound through their
 * constructors and checked there: a wrong value stops the start-up naming its property, and nothing
 * can change a setting after binding.
 */
@NullMarked
package io.github.embeddedbackup.autoconfigure.properties;

import org.jspecify.annotations.NullMarked;
