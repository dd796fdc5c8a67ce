package io.github.embeddedbackup.core.testing;

import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/** Wraps a storage whose writers fail after a number of bytes, like a disk that fills up or a dropped connection. */
public final class FailingStorage implements BackupStorage {

    private final BackupStorage delegate;
    private final long failAfter;

    public FailingStorage(BackupStorage delegate, long failAfter) {
        this.delegate = delegate;
        this.failAfter = failAfter;
    }

    @Override
    public StorageWriter openWriter(String key) {
        StorageWriter writer = delegate.openWriter(key);
        return new StorageWriter() {
            long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > failAfter) {
                    throw new IOException("simulated: No space left on device");
                }
                writer.write(b, off, len);
                written += len;
            }

            @Override
            public void abort() {
                writer.abort();
            }

            @Override
            public void close() throws IOException {
                writer.close();
            }
        };
    }

    @Override
    public InputStream openReader(String key) {
        return delegate.openReader(key);
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public List<ObjectInfo> list(String prefix) {
        return delegate.list(prefix);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public String describe() {
        return "failing(" + delegate.describe() + ")";
    }
}
