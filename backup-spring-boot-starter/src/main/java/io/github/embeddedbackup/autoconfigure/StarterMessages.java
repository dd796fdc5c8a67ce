package io.github.embeddedbackup.autoconfigure;

import java.util.Arrays;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.util.unit.DataSize;

/**
 * Speaks the starter's language: removes advice meant for the command line (a {@code --flag}, "Run
 * 'list'") from messages of backup-core, so the starter can add its own, with {@code backup.*} properties.
 */
public final class StarterMessages {

    private static final Pattern SENTENCE_END = Pattern.compile("(?<!e\\.g\\.)(?<!i\\.e\\.)(?<=[.!?])\\s+");
    private static final Pattern CLI_ADVICE = Pattern.compile("(^|[\\s(])--[a-z]|\\bRun '|backup-cli");

    private StarterMessages() {}

    /** A size as a user writes it in a property: {@code 3072MB}, {@code 4KB}, {@code 100B}. */
    public static String dataSize(DataSize size) {
        long bytes = size.toBytes();
        long mb = DataSize.ofMegabytes(1).toBytes();
        long kb = DataSize.ofKilobytes(1).toBytes();
        return bytes != 0 && bytes % mb == 0 ? bytes / mb + "MB" : bytes != 0 && bytes % kb == 0 ? bytes / kb + "KB" : bytes + "B";
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
