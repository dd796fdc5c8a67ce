package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.restore.BackupDecryptor;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "decrypt", description = {"Write a backup's archive decrypted (still compressed), for stock tools:",
        "zstd -dc FILE | tar -x   (gzip: tar -xzf FILE). The file appears only if the whole archive authenticated."})
final class DecryptCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    StorageOption storage;

    @Mixin
    KeyOptions.Decrypting keys;

    @Parameters(index = "0", paramLabel = "ID|latest", description = "The backup.")
    String id;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the archive (must not exist).")
    Path out;

    @Override
    public Integer call() {
        Manifest manifest = new BackupDecryptor(storage.existingRepository(), keys.keys()).decrypt(id, out);
        spec.commandLine().getErr().println("Wrote the archive of backup " + manifest.id() + " to " + out + " ("
                + manifest.archive().compression() + "-compressed tar).");
        spec.commandLine().getOut().println(out);
        return 0;
    }
}
