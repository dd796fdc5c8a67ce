package io.github.embeddedbackup.core.source.sqlite;

import io.github.embeddedbackup.core.BackupException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.NativeLibraryNotFoundException;

/**
 * The SQLite JDBC driver's native library, which the driver unpacks into a temp folder and loads on the
 * first connection. When that fails (a full or read-only temp folder, or one mounted {@code noexec}) the
 * driver says only "Error opening connection"; this turns it into what to do.
 */
final class SqliteNativeLibrary {

    private SqliteNativeLibrary() {}

    /** Whether the driver failed because its native library could not be loaded. */
    static boolean failedToLoad(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NativeLibraryNotFoundException || t instanceof UnsatisfiedLinkError) {
                return true;
            }
        }
        return false;
    }

    /** The folder the driver unpacks its library into: {@code org.sqlite.tmpdir}, else {@code java.io.tmpdir}. */
    static Path folder() {
        return Path.of(System.getProperty("org.sqlite.tmpdir", System.getProperty("java.io.tmpdir"))).toAbsolutePath();
    }

    static BackupException notLoaded(Throwable cause) {
        Path folder = folder();
        String state = !Files.isDirectory(folder) ? "does not exist"
                : !Files.isWritable(folder) ? "is not writable" : "has " + SqliteCodes.free(folder);
        return new BackupException("The SQLite native library could not be loaded. The SQLite JDBC driver unpacks it into the temp "
                + "folder " + folder + " (which " + state + ") and loads it from there, so that folder is likely full, not writable, "
                + "or mounted noexec. Free a few MiB there, or give the driver another folder with -Dorg.sqlite.tmpdir=<dir> "
                + "(writable, not noexec), then start the process again: the driver tries to load its library only once per process.",
                cause);
    }
}
