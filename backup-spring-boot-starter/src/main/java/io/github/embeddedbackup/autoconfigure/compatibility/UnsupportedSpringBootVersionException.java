package io.github.embeddedbackup.autoconfigure.compatibility;

import org.jspecify.annotations.Nullable;

/** The application runs on a Spring Boot version the starter does not support; stops start-up. */
public class UnsupportedSpringBootVersionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String bootVersion;
    private final String problem;
    private final String action;

    public UnsupportedSpringBootVersionException(@Nullable String bootVersion, String problem, String action) {
        super(problem + " " + action);
        this.bootVersion = bootVersion;
        this.problem = problem;
        this.action = action;
    }

    public @Nullable String bootVersion() {
        return bootVersion;
    }

    /** What the user can do, without the problem. */
    public String action() {
        return action;
    }

    /** The problem, without the action. */
    public String problem() {
        return problem;
    }
}
