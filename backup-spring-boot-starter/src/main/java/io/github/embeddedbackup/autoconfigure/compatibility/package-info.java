/**
 * Checks at start-up that the application runs on a Spring Boot line this starter supports. Uses only
 * classes present since Spring Boot 2, so the check itself runs, and reports, on older lines too.
 */
@NullMarked
package io.github.embeddedbackup.autoconfigure.compatibility;

import org.jspecify.annotations.NullMarked;
