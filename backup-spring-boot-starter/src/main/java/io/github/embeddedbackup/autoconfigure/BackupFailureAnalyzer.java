package io.github.embeddedbackup.autoconfigure;

import io.github.embeddedbackup.autoconfigure.properties.BackupPropertyException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a backup setting that stops start-up into Spring Boot's "APPLICATION FAILED TO START" report. */
class BackupFailureAnalyzer extends AbstractFailureAnalyzer<BackupPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BackupPropertyException cause) {
        return new FailureAnalysis("Backup setting '" + cause.property() + "': " + cause.getMessage(),
                "Fix '" + cause.property() + "': " + cause.action(), cause);
    }
}
