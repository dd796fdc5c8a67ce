package io.github.embeddedbackup.autoconfigure.api;

/**
 * Who called the API, for the audit log.
 *
 * @param name the principal's name, or {@code token} for the bearer token
 * @param remoteAddress the client's address
 */
public record BackupApiCaller(String name, String remoteAddress) {}
