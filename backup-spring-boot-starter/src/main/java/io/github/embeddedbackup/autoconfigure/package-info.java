/**
 * Spring Boot auto-configuration for embedded backups. Not built yet: the starter issue adds the
 * {@code backup.*} properties, the scheduler, Actuator health, the endpoint and metrics.
 */
@NullMarked
package io.github.embeddedbackup.autoconfigure;

import org.jspecify.annotations.NullMarked;
