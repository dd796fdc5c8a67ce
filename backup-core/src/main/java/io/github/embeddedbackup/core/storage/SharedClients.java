package io.github.embeddedbackup.core.storage;

import java.util.Optional;

/**
 * Clients the host application already has (an {@code S3Client}, a GCS {@code Storage}), which a
 * storage provider reuses instead of building its own: the application's credentials, proxies and
 * metrics then apply. The starter answers from the application context; the CLI has none.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface SharedClients {

    /** The application's single object of this type, if it has exactly one. */
    <T> Optional<T> find(Class<T> type);

    static SharedClients none() {
        return new SharedClients() {
            @Override
            public <T> Optional<T> find(Class<T> type) {
                return Optional.empty();
            }
        };
    }
}
