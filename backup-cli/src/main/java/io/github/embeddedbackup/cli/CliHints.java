package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.Remedy;
import io.github.embeddedbackup.core.IntegrityException;
import io.github.embeddedbackup.core.crypto.DecryptionException;
import io.github.embeddedbackup.core.manifest.CorruptManifestException;
import io.github.embeddedbackup.core.repository.BackupNotFoundException;
import java.util.stream.Collectors;

/**
 * The CLI's own words added to a core message: core names neither options nor commands, so what
 * to type next (which option, which command) is said here.
 */
final class CliHints {

    private CliHints() {}

    /** A sentence to append to the message of {@code exception}, or an empty string. */
    static String forException(Exception exception) {
        String message = String.valueOf(exception.getMessage());
        if (exception instanceof BackupException backupException && !backupException.remedies().isEmpty()) {
            return " (" + backupException.remedies().stream().map(CliHints::option).collect(Collectors.joining(", ")) + ")";
        }
        if (exception instanceof BackupNotFoundException || exception instanceof IntegrityException
                || exception instanceof CorruptManifestException || message.contains("is not a backup id")) {
            return " Run 'backup-cli list --storage URI' to see the backups there.";
        }
        if (exception instanceof DecryptionException) {
            return " Give keys with --passphrase-env VAR, --key-file FILE or --identity-file FILE.";
        }
        if (message.contains("several sources that fit")) {
            return " Choose one with --source-name NAME.";
        }
        if (message.contains("Two sources are named")) {
            return " Name each source with --source NAME=URL.";
        }
        if (message.contains("run verify on it")) {
            return " (backup-cli verify --level content --storage URI ID)";
        }
        return "";
    }

    /** The option that sets what core calls {@code remedy}. */
    static String option(Remedy remedy) {
        return switch (remedy) {
            case CREATE_TARGET -> "--create";
            case CLEAN_TARGET -> "--clean";
            case SELECT_TABLES -> "--table";
            case PARALLEL_JOBS -> "--jobs";
            case DUMP_TOOL -> "--dump-tool";
            case RESTORE_TOOL -> "--restore-tool";
            case FILES_SOURCE_PATH -> "--source file:DIR";
            case NO_OWNER -> "--no-owner";
        };
    }

    /**
     * Hides passwords in a whole message (not just a URL): a value ends at '&', ';', a quote or
     * white space, so the rest of the sentence survives.
     */
    static String redact(String message) {
        return String.valueOf(message).replaceAll("(?i)(password=)[^&;\\s'\"]*", "$1****")
                .replaceAll("//([^/@:\\s]+):[^/@\\s]*@", "//$1:****@");
    }

    /** Exit code 2 (bad usage or configuration, docs/cli.md) or 1 (failed). */
    static int exitCode(Exception exception) {
        return exception instanceof BackupConfigurationException || exception instanceof IllegalArgumentException
                || exception instanceof BackupNotFoundException ? BackupCli.EXIT_USAGE : BackupCli.EXIT_FAILED;
    }
}
