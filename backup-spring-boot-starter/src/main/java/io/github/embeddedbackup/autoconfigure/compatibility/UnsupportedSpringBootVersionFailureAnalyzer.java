package io.github.embeddedbackup.autoconfigure.compatibility;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an unsupported Spring Boot version into Spring Boot's "APPLICATION FAILED TO START" report. */
class UnsupportedSpringBootVersionFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedSpringBootVersionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedSpringBootVersionException cause) {
        return new FailureAnalysis(cause.problem(), cause.action(), cause);
    }
}
