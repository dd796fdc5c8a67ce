package io.github.embeddedbackup.core.manifest;

/**
 * A table and how many rows it had in the backup's snapshot.
 *
 * @param name schema-qualified for PostgreSQL ({@code "public"."orders"}), plain for SQLite
 * @param rows the exact row count
 */
public record TableRecord(String name, long rows) {}
