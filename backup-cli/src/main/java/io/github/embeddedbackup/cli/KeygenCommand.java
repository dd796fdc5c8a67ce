package io.github.embeddedbackup.cli;

import io.github.embeddedbackup.core.crypto.IdentityKey;
import io.github.embeddedbackup.core.crypto.KeyFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "keygen", description = {"Make an X25519 key pair. Back up with --recipient-file PUBLIC; restore with --identity-file PRIVATE.",
        "A service given only the public key can write backups it cannot read. Keep the private key off that machine."})
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--public-key-file", required = true, paramLabel = "FILE", description = "Where to write the public key.")
    Path publicKeyFile;

    @Option(names = "--private-key-file", required = true, paramLabel = "FILE", description = "Where to write the private key (mode 600).")
    Path privateKeyFile;

    @Override
    public Integer call() {
        IdentityKey identity = IdentityKey.generate();
        KeyFiles.writeKeyPair(identity, publicKeyFile, privateKeyFile);
        spec.commandLine().getErr().println("Wrote public key " + publicKeyFile + " and private key " + privateKeyFile + " (mode 600). "
                + "Fingerprint: " + identity.publicKey().keyId() + ". Without the private key, backups made for this public key "
                + "cannot be restored: keep a copy somewhere safe.");
        spec.commandLine().getOut().println(identity.publicKey().keyId());
        return 0;
    }
}
