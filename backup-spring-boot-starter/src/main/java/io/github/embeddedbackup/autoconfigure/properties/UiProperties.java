package io.github.embeddedbackup.autoconfigure.properties;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The admin web console ({@code backup.ui.*}), a page on top of the REST API.
 *
 * @param enabled Whether the console is served. Unset: served whenever the REST API is (backup.api.enabled).
 * @param path Where the console is served, e.g. /backup-ui/ (a trailing slash is added when missing).
 */
public record UiProperties(@Nullable Boolean enabled, @DefaultValue("/backup-ui/") String path) {

    public UiProperties {
        if (path == null || !path.matches("(/[A-Za-z0-9._~-]+)+/?") || path.matches(".*/\\.{1,2}(/.*)?")) {
            throw new IllegalArgumentException("backup.ui.path must be a path such as /backup-ui/ (letters, digits, . _ ~ -; no wildcards, "
                    + "not the root, no . or .. segment), but was '" + path + "'");
        }
        path = path.endsWith("/") ? path : path + "/";
    }
}
