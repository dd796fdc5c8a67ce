package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.runtime.BackupJob;
import io.github.embeddedbackup.runtime.BackupRunListener;
import java.time.Duration;
import org.springframework.context.ApplicationEventPublisher;

/** Publishes {@link BackupEvent}s. */
final class BackupEventPublisher implements BackupRunListener {

    private final ApplicationEventPublisher publisher;

    BackupEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void onStarted(BackupJob job) {
        publisher.publishEvent(new BackupEvent.Started(job));
    }

    @Override
    public void onSucceeded(BackupJob job, Manifest manifest, Duration duration) {
        publisher.publishEvent(new BackupEvent.Succeeded(job));
    }

    @Override
    public void onFailed(BackupJob job, Exception failure, Duration duration) {
        publisher.publishEvent(new BackupEvent.Failed(job));
    }
}
