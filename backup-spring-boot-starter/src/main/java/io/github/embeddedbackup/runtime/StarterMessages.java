package io.github.embeddedbackup.runtime;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.Remedy;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Speaks the starter's language: removes advice meant for the command line (a {@code --flag}, "Run
 * 'list'") from messages of backup-core, so the starter can add its own, with {@code backup.*} properties.
 */
public final class StarterMessages {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<!e\\.g\\.)(?<!i\\.e\\.)(?<=[.!?])\\s+");
    private static final Pattern CLI_ADVICE = Pattern.compile("(^|[\\s(])--[a-z]|\\bRun '|backup-cli");

    private StarterMessages() {}

    /**
     * The message of a failure for a starter user: without CLI advice, and with the properties or
     * request fields that get past it when core names remedies ({@link BackupException#remedies()}).
     */
    public static String of(Throwable failure) {
        String message = withoutCliHints(failure.getMessage());
        if (!(failure instanceof BackupException backup)) {
            return message;
        }
        List<String> names = backup.remedies().stream().map(StarterMessages::setting).filter(Objects::nonNull).toList();
        return names.isEmpty() ? message : message + " (" + String.join(", ", names) + ")";
    }

    /** What a starter user sets for what core calls {@code remedy}; null when the starter has nothing for it. */
    static @Nullable String setting(Remedy remedy) {
        return switch (remedy) {
            case DUMP_TOOL -> "backup.datasource.dump-tool or backup.sources.<name>.dump-tool";
            case RESTORE_TOOL -> "backup.datasource.restore-tool, backup.sources.<name>.restore-tool or backup.restore.targets.<name>.restore-tool";
            case FILES_SOURCE_PATH -> "backup.sources.<name>.path";
            case SELECT_TABLES -> "the restore request's \"tables\"";
            case PARALLEL_JOBS -> "the restore request's \"jobs\"";
            // The restore API decides these itself: a missing database is created, a target holding data is replaced.
            case CREATE_TARGET, CLEAN_TARGET -> null;
            // The restore API has no such field: it always restores the owners.
            case NO_OWNER -> null;
        };
    }

    /** The message without its sentences that name CLI options or commands. */
    public static String withoutCliHints(@Nullable String message) {
        if (message == null) {
            return "";
        }
        String kept = Arrays.stream(SENTENCE_END.split(message.strip()))
                .filter(sentence -> !CLI_ADVICE.matcher(sentence).find())
                .collect(Collectors.joining(" "));
        return kept.isEmpty() ? message : kept;
    }
}
