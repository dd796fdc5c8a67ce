/** Verification of stored backups against their manifests. */
@NullMarked
package io.github.embeddedbackup.core.verify;

import org.jspecify.annotations.NullMarked;
