package io.github.embeddedbackup.core.restore;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The entry stream a restore target reads, whose read failures say they come from the backup: a target
 * wraps them in its own words ("the database is now empty: …"), and "Data corruption detected" alone
 * would not tell the user that the backup is damaged and another one is the way out.
 */
final class BackupReadingInputStream extends FilterInputStream {

    private final String backupId;

    BackupReadingInputStream(InputStream in, String backupId) {
        super(in);
        this.backupId = backupId;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw explained(e);
        }
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            return super.read(buffer, offset, length);
        } catch (IOException e) {
            throw explained(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw explained(e);
        }
    }

    private IOException explained(IOException e) {
        if (e instanceof BackupReadFailure) {
            return e;
        }
        return new BackupReadFailure("reading backup " + backupId + " failed: " + e.getMessage() + " — the backup is damaged or its "
                + "storage failed; run verify on it, and restore another backup if it reports damage", e);
    }

    /** A failure to read the backup itself, not to write the target. */
    static final class BackupReadFailure extends IOException {
        BackupReadFailure(String message, IOException cause) {
            super(message, cause);
        }
    }
}
