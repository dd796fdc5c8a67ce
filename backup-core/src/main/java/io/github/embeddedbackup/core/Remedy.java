package io.github.embeddedbackup.core;

/**
 * A setting that gets past a refusal or failure. Core messages describe it in neutral words (core
 * knows neither CLI options nor Spring properties); each caller names its own option, property or
 * request field for it, so a user reads the name they can type.
 */
public enum Remedy {
    /** Restore into a database that the restore creates. */
    CREATE_TARGET("create the target database"),
    /** Replace what the restore target already holds. */
    CLEAN_TARGET("replace what the target holds"),
    /** Restore only some tables (PostgreSQL). */
    SELECT_TABLES("restore only some tables"),
    /** Restore with several parallel jobs (PostgreSQL). */
    PARALLEL_JOBS("restore with parallel jobs"),
    /** The path of the dump program (pg_dump, mariadb-dump, …). */
    DUMP_TOOL("the dump tool path"),
    /** The path of the restore program (pg_restore, mariadb, …). */
    RESTORE_TOOL("the restore tool path"),
    /** The location of a files source. */
    FILES_SOURCE_PATH("the files source's directory"),
    /** Restore without the dump's object owners (MySQL/MariaDB DEFINERs, PostgreSQL owners). */
    NO_OWNER("restore without the original owners");

    private final String neutralName;

    Remedy(String neutralName) {
        this.neutralName = neutralName;
    }

    /** How core messages refer to it. */
    public String neutralName() {
        return neutralName;
    }
}
