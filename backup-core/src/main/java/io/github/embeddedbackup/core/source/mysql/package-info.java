/** MySQL and MariaDB through {@code mariadb-dump}/{@code mysqldump} SQL dumps and the {@code mariadb}/{@code mysql} client. */
@NullMarked
package io.github.embeddedbackup.core.source.mysql;

import org.jspecify.annotations.NullMarked;
