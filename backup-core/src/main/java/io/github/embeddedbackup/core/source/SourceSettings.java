package io.github.embeddedbackup.core.source;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a source or a target needs besides its URI, in neutral words: the CLI fills it from flags,
 * the starter from properties; a provider never sees either.
 *
 * @param username the database user, when not in the URI
 * @param password the database password, when not in the URI; never logged, never on a command line
 * @param dumpTool the dump program (a name on the PATH or a full path), or null for the provider's default
 * @param restoreTool the restore program, or null for the provider's default
 * @param countRows whether row counts are recorded in the manifest (databases)
 * @param includes glob patterns a files source backs up (empty: everything)
 * @param excludes glob patterns a files source leaves out
 * @param extra further settings a provider documents (e.g. a MySQL defaults group); keys are kebab-case
 */
public record SourceSettings(@Nullable String username, @Nullable String password, @Nullable String dumpTool,
        @Nullable String restoreTool, boolean countRows, List<String> includes, List<String> excludes, Map<String, String> extra) {

    public SourceSettings {
        includes = List.copyOf(includes);
        excludes = List.copyOf(excludes);
        extra = Map.copyOf(extra);
    }

    /** Nothing beyond the URI. */
    public static SourceSettings none() {
        return new SourceSettings(null, null, null, null, true, List.of(), List.of(), Map.of());
    }

    public SourceSettings withCredentials(@Nullable String newUsername, @Nullable String newPassword) {
        return new SourceSettings(newUsername, newPassword, dumpTool, restoreTool, countRows, includes, excludes, extra);
    }

    public SourceSettings withTools(@Nullable String newDumpTool, @Nullable String newRestoreTool) {
        return new SourceSettings(username, password, newDumpTool, newRestoreTool, countRows, includes, excludes, extra);
    }

    public SourceSettings withCountRows(boolean newCountRows) {
        return new SourceSettings(username, password, dumpTool, restoreTool, newCountRows, includes, excludes, extra);
    }

    public SourceSettings withPatterns(List<String> newIncludes, List<String> newExcludes) {
        return new SourceSettings(username, password, dumpTool, restoreTool, countRows, newIncludes, newExcludes, extra);
    }

    public SourceSettings withExtra(Map<String, String> newExtra) {
        return new SourceSettings(username, password, dumpTool, restoreTool, countRows, includes, excludes, newExtra);
    }

    /** The dump tool, or {@code fallback} when none is set. */
    public String dumpTool(String fallback) {
        return dumpTool == null || dumpTool.isBlank() ? fallback : dumpTool;
    }

    /** The restore tool, or {@code fallback} when none is set. */
    public String restoreTool(String fallback) {
        return restoreTool == null || restoreTool.isBlank() ? fallback : restoreTool;
    }

    @Override
    public String toString() {
        return "SourceSettings[username=" + username + ", password=" + (password == null ? null : "****") + ", dumpTool=" + dumpTool
                + ", restoreTool=" + restoreTool + ", countRows=" + countRows + ", includes=" + includes + ", excludes=" + excludes
                + ", extra=" + extra.keySet() + "]";
    }
}
