package io.github.embeddedbackup.storage.gcs;

import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageClass;
import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import io.github.embeddedbackup.core.storage.ObjectNotFoundException;
import io.github.embeddedbackup.core.storage.StorageException;
import io.github.embeddedbackup.core.storage.StorageKeys;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores objects in a Google Cloud Storage bucket under a prefix, with resumable uploads: the object
 * exists only once {@code close()} finalises the upload; an aborted upload is never finalised and
 * GCS discards the session (after a week at most). The {@link Storage} client is given ready-built
 * (credentials, retries); this class never reads credentials.
 */
public final class GcsBackupStorage implements BackupStorage {

    private static final Logger logger = LoggerFactory.getLogger(GcsBackupStorage.class);
    public static final int DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;

    private final Storage storage;
    private final String bucket;
    private final String prefix;
    private final @Nullable String storageClass;
    private final int chunkSize;

    /**
     * @param prefix folder-like prefix or empty; a missing trailing {@code /} is added
     * @param storageClass e.g. {@code NEARLINE}, {@code COLDLINE}; null for the bucket's default
     * @param chunkSize bytes sent per resumable-upload request (a multiple of 256 KiB)
     */
    public GcsBackupStorage(Storage storage, String bucket, String prefix, @Nullable String storageClass, int chunkSize) {
        if (chunkSize < 256 * 1024 || chunkSize % (256 * 1024) != 0) {
            throw new IllegalArgumentException("GCS chunk size must be a multiple of 256 KiB, but was " + chunkSize);
        }
        this.storage = storage;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.storageClass = storageClass;
        this.chunkSize = chunkSize;
    }

    public GcsBackupStorage(Storage storage, String bucket, String prefix) {
        this(storage, bucket, prefix, null, DEFAULT_CHUNK_SIZE);
    }

    @Override
    public StorageWriter openWriter(String key) {
        StorageKeys.check(key);
        BlobInfo.Builder info = BlobInfo.newBuilder(BlobId.of(bucket, prefix + key));
        if (storageClass != null) {
            info.setStorageClass(StorageClass.valueOf(storageClass));
        }
        try {
            boolean existed = storage.get(BlobId.of(bucket, prefix + key)) != null;
            WriteChannel channel = storage.writer(info.build());
            channel.setChunkSize(chunkSize);
            return new ResumableWriter(key, channel, existed);
        } catch (com.google.cloud.storage.StorageException e) {
            throw failure("write", "storage.objects.create", key, e);
        }
    }

    @Override
    public InputStream openReader(String key) {
        StorageKeys.check(key);
        if (stat(key).isEmpty()) {
            throw new ObjectNotFoundException(describe(), key);
        }
        try {
            return Channels.newInputStream(storage.reader(BlobId.of(bucket, prefix + key)));
        } catch (com.google.cloud.storage.StorageException e) {
            throw failure("read", "storage.objects.get", key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        StorageKeys.check(key);
        try {
            Blob blob = storage.get(BlobId.of(bucket, prefix + key));
            return blob == null ? Optional.empty() : Optional.of(info(blob));
        } catch (com.google.cloud.storage.StorageException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw failure("stat", "storage.objects.get", key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) {
        StorageKeys.checkPrefix(keyPrefix);
        List<ObjectInfo> result = new ArrayList<>();
        try {
            for (Blob blob : storage.list(bucket, Storage.BlobListOption.prefix(prefix + keyPrefix)).iterateAll()) {
                if (!blob.getName().endsWith("/")) {
                    result.add(info(blob));
                }
            }
        } catch (com.google.cloud.storage.StorageException e) {
            throw failure("list", "storage.objects.list", keyPrefix, e);
        }
        result.sort(Comparator.comparing(ObjectInfo::key));
        return result;
    }

    @Override
    public void delete(String key) {
        StorageKeys.check(key);
        try {
            storage.delete(BlobId.of(bucket, prefix + key)); // false when missing: idempotent
        } catch (com.google.cloud.storage.StorageException e) {
            if (e.getCode() != 404) {
                throw failure("delete", "storage.objects.delete", key, e);
            }
        }
    }

    @Override
    public String describe() {
        return "gs://" + bucket + "/" + prefix;
    }

    @Override
    public String toString() {
        return describe();
    }

    private ObjectInfo info(Blob blob) {
        Instant modified = blob.getUpdateTimeOffsetDateTime() != null ? blob.getUpdateTimeOffsetDateTime().toInstant()
                : blob.getCreateTimeOffsetDateTime() != null ? blob.getCreateTimeOffsetDateTime().toInstant() : Instant.now();
        return new ObjectInfo(blob.getName().substring(prefix.length()), blob.getSize() == null ? 0 : blob.getSize(), modified);
    }

    /**
     * A client with Google's application default credentials, found before any request is sent: without
     * them the SDK would retry unauthenticated requests for most of a minute and end with "code 0".
     *
     * @throws BackupConfigurationException when no credentials are found
     */
    public static Storage defaultClient() {
        com.google.auth.oauth2.GoogleCredentials credentials;
        try {
            credentials = com.google.auth.oauth2.GoogleCredentials.getApplicationDefault();
        } catch (IOException | RuntimeException e) {
            throw new BackupConfigurationException("No Google credentials found (" + e.getMessage().lines().findFirst().orElse("")
                    + "). Set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, run 'gcloud auth application-default "
                    + "login', or run on Google Cloud with a service account.", e);
        }
        return com.google.cloud.storage.StorageOptions.newBuilder().setCredentials(credentials).build().getService();
    }

    StorageException failure(String action, String permission, String key, com.google.cloud.storage.StorageException e) {
        String where = describe() + key;
        if (e.getCode() == 403 || e.getCode() == 401) {
            return new StorageException("Cannot " + action + " " + where + ": access denied. The service account needs " + permission
                    + " on bucket '" + bucket + "' (the role roles/storage.objectAdmin, or docs/storage-gcs.md's custom role).",
                    describe(), key, e);
        }
        if (e.getCode() == 404) {
            return new StorageException("Cannot " + action + " " + where + ": the bucket '" + bucket + "' does not exist. Create it, "
                    + "or fix the bucket name.", describe(), key, e);
        }
        return new StorageException("Cannot " + action + " " + where + ": " + e.getMessage() + " (code " + e.getCode() + ").",
                describe(), key, e);
    }

    /** A resumable upload: finalised by close, never by abort. */
    private final class ResumableWriter extends StorageWriter {

        private final String key;
        private final WriteChannel channel;
        private final boolean existedBefore;
        private boolean finished;

        ResumableWriter(String key, WriteChannel channel, boolean existedBefore) {
            this.key = key;
            this.channel = channel;
            this.existedBefore = existedBefore;
        }


        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("the writer of " + describe() + key + " is closed");
            }
            ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (com.google.cloud.storage.StorageException e) {
                throw new IOException(failure("upload", "storage.objects.create", key, e).getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            finished = true;
            try {
                channel.close();
                logger.debug("Stored object. key: {}, storage: {}", key, describe());
            } catch (com.google.cloud.storage.StorageException e) {
                throw new IOException(failure("store", "storage.objects.create", key, e).getMessage(), e);
            }
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            // Never finalised: GCS discards the upload session and nothing becomes visible. Stores
            // that create the object when the upload starts (such as the in-process fake) are cleaned
            // up too — but only a key that was free when this writer opened.
            finished = true;
            if (!existedBefore) {
                try {
                    storage.delete(BlobId.of(bucket, prefix + key));
                } catch (com.google.cloud.storage.StorageException e) {
                    logger.debug("Cleaning up the aborted upload of {}{} failed: {}", describe(), key, e.getMessage());
                }
            }
        }
    }
}
