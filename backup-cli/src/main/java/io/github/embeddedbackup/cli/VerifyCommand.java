package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.notify.EventType;
import io.github.embeddedbackup.core.verify.BackupVerifier;
import io.github.embeddedbackup.core.verify.VerificationReport;
import io.github.embeddedbackup.core.verify.VerifyLevel;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "verify", description = {"Check a stored backup against its manifest and report every problem found.",
        "Exit code 0 when the backup is sound, 1 when a problem was found."})
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOption storage;

    @Mixin
    KeyOptions.Decrypting keys;

    @Parameters(index = "0", paramLabel = "ID|latest", description = "The backup to verify.")
    String id;

    @Option(names = "--level", paramLabel = "checksum|content",
            description = {"checksum: re-hash the stored archive; content: also decrypt and decompress it and re-hash every entry. "
                    + "Default: content, or checksum for an encrypted backup when no key is given."})
    VerifyLevel level;

    @Mixin
    NotifyOptions notify;

    @Override
    public Integer call() {
        try (CliNotifications notifications = notify.open(spec.commandLine().getErr(), "verify")) {
            try {
                VerificationReport report = verify();
                if (!report.ok()) {
                    notifications.publish(notifications.event(EventType.VERIFY_FAILED).backupId(report.backupId())
                            .error(report.problems().size() + " problem" + (report.problems().size() == 1 ? "" : "s") + " at level "
                                    + report.level().name().toLowerCase(Locale.ROOT) + ": " + String.join("; ", report.problems().stream()
                                    .limit(10).toList()) + (report.problems().size() > 10 ? "; …" : ""))
                            .detail("level", report.level().name().toLowerCase(Locale.ROOT)));
                }
                return print(report);
            } catch (RuntimeException e) {
                notifications.publish(notifications.event(EventType.VERIFY_FAILED).backupId(id).error(CliHints.redact(BackupCli.message(e))));
                throw e;
            }
        }
    }

    private VerificationReport verify() {
        var repository = storage.existingRepository();
        var resolved = repository.resolve(id);
        resolved.warnings().forEach(warning -> spec.commandLine().getErr().println("warning: " + warning));
        var manifest = resolved.manifest();
        var decryptionKeys = keys.keys();
        VerifyLevel chosen = level;
        if (chosen == null) {
            chosen = manifest.encrypted() && decryptionKeys.isEmpty() ? VerifyLevel.CHECKSUM : VerifyLevel.CONTENT;
            if (chosen == VerifyLevel.CHECKSUM) {
                spec.commandLine().getErr().println("Backup " + manifest.id() + " is encrypted and no key was given: checking the "
                        + "stored checksum only. Give a key (--passphrase-env, --key-file, --identity-file) to check the content.");
            }
        }
        return new BackupVerifier(repository, decryptionKeys).verify(manifest, chosen);
    }

    private int print(VerificationReport report) {
        PrintWriter out = spec.commandLine().getOut();
        if (report.ok()) {
            out.println("Backup " + report.backupId() + " is sound (" + report.level().name().toLowerCase() + ": "
                    + Sizes.bytes(report.storedBytes()) + " checked in " + Sizes.duration(report.duration()) + ").");
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("Backup " + report.backupId() + " is DAMAGED (" + report.problems().size() + " problem"
                + (report.problems().size() == 1 ? "" : "s") + " at level " + report.level().name().toLowerCase() + "):");
        report.problems().forEach(problem -> err.println("  - " + problem));
        err.println("Do not rely on this backup: restore another one ('list' shows them) and check the storage for disk or transfer errors.");
        return BackupCli.EXIT_FAILED;
    }
}
