package io.github.embeddedbackup.storage.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import io.github.embeddedbackup.core.storage.ObjectNotFoundException;
import io.github.embeddedbackup.core.storage.StorageKeys;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores objects as block blobs in an Azure container under a prefix. A writer stages blocks (one held
 * in memory at a time) and commits the block list only in {@code close()}: until then nothing is
 * listed, and an aborted or interrupted upload leaves only uncommitted blocks, which Azure discards
 * after 7 days. The {@link BlobContainerClient} is given ready-built; this class never reads credentials.
 */
public final class AzureBlobBackupStorage implements BackupStorage {

    private static final Logger logger = LoggerFactory.getLogger(AzureBlobBackupStorage.class);
    /** Azure's limit of blocks in one blob. */
    static final int MAX_BLOCKS = 50_000;
    private static final int LIST_PAGE = 5000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BlobContainerClient container;
    private final String prefix;
    private final AzureStorageOptions options;
    private final String description;
    private final AzureErrors errors;

    /** @param prefix folder-like prefix or empty; a missing trailing {@code /} is added */
    public AzureBlobBackupStorage(BlobContainerClient container, String prefix, AzureStorageOptions options) {
        this.container = container;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.options = options;
        this.description = describe(container, this.prefix);
        this.errors = new AzureErrors(description, container.getBlobContainerName(), this.prefix, container.getAccountName(),
                container.getAccountUrl(), options.credential(), options.timeout());
    }

    @Override
    public StorageWriter openWriter(String key) {
        StorageKeys.check(key);
        return new BlockWriter(key, blob(key).getBlockBlobClient());
    }

    @Override
    public InputStream openReader(String key) {
        StorageKeys.check(key);
        InputStream in;
        try {
            // Ranged reads of 4 MB each, pinned to the blob's ETag: never the whole blob in memory.
            in = blob(key).openInputStream(new BlobInputStreamOptions().setBlockSize(4 * 1024 * 1024));
        } catch (BlobStorageException e) {
            if (BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
                throw new ObjectNotFoundException(description, key);
            }
            throw errors.failure("read", key, e);
        } catch (RuntimeException e) {
            throw errors.failure("read", key, e);
        }
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException | RuntimeException e) {
                    throw new IOException(errors.failure("read", key, e).getMessage(), e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException | RuntimeException e) {
                    throw new IOException(errors.failure("read", key, e).getMessage(), e);
                }
            }
        };
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        StorageKeys.check(key);
        try {
            BlobProperties properties = blob(key).getPropertiesWithResponse(null, null, Context.NONE).getValue();
            return Optional.of(new ObjectInfo(key, properties.getBlobSize(), properties.getLastModified().toInstant()));
        } catch (BlobStorageException e) {
            if (e.getStatusCode() == 404 && !BlobErrorCode.CONTAINER_NOT_FOUND.equals(e.getErrorCode())) {
                return Optional.empty();
            }
            throw errors.failure("stat", key, e);
        } catch (RuntimeException e) {
            throw errors.failure("stat", key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) {
        StorageKeys.checkPrefix(keyPrefix);
        List<ObjectInfo> result = new ArrayList<>();
        try {
            // Committed blobs only (uncommitted ones are listed only when asked for); iterating fetches every page.
            ListBlobsOptions listing = new ListBlobsOptions().setPrefix(prefix + keyPrefix).setMaxResultsPerPage(LIST_PAGE);
            for (BlobItem item : container.listBlobs(listing, null)) {
                if (!item.getName().endsWith("/") && item.isPrefix() != Boolean.TRUE) {
                    result.add(new ObjectInfo(item.getName().substring(prefix.length()), item.getProperties().getContentLength(),
                            item.getProperties().getLastModified().toInstant()));
                }
            }
        } catch (RuntimeException e) {
            throw errors.failure("list", keyPrefix, e);
        }
        result.sort(Comparator.comparing(ObjectInfo::key));
        return result;
    }

    @Override
    public void delete(String key) {
        StorageKeys.check(key);
        try {
            container.getBlobClient(prefix + key).deleteIfExists(); // false when missing: idempotent
        } catch (RuntimeException e) {
            throw errors.failure("delete", key, e);
        }
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    /** {@code azure://container/prefix/}, with the endpoint's host when it is not the account's usual one. */
    static String describe(BlobContainerClient container, String prefix) {
        String base = "azure://" + container.getBlobContainerName() + "/" + prefix;
        try {
            URI url = URI.create(container.getAccountUrl());
            String usual = container.getAccountName() + ".blob.core.windows.net";
            if (url.getHost() != null && !url.getHost().toLowerCase(Locale.ROOT).equals(usual.toLowerCase(Locale.ROOT))) {
                return base + " at " + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
            }
        } catch (IllegalArgumentException e) {
            logger.debug("The account URL of {} is not a URI: {}", base, e.getMessage());
        }
        return base;
    }

    private BlobClient blob(String key) {
        BlobClient client = container.getBlobClient(prefix + key);
        return options.customerKey() == null ? client : client.getCustomerProvidedKeyClient(options.customerKey());
    }

    /** Stages blocks as they fill; commits the list in close, never in abort. */
    private final class BlockWriter extends StorageWriter {

        private final String key;
        private final BlockBlobClient blob;
        private final String upload = HexFormat.of().formatHex(randomBytes());
        private final List<String> blockIds = new ArrayList<>();
        private final List<byte[]> chunks = new ArrayList<>();
        private final int chunkSize = (int) Math.min(options.blockSize(), 1024 * 1024);
        private long filled;
        private boolean finished;

        BlockWriter(String key, BlockBlobClient blob) {
            this.key = key;
            this.blob = blob;
        }


        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("the writer of '" + key + "' in " + description + " is closed");
            }
            while (len > 0) {
                int chunk = (int) (filled / chunkSize);
                if (chunk == chunks.size()) {
                    chunks.add(new byte[chunkSize]); // kept for the next blocks: one block's memory in all
                }
                int at = (int) (filled % chunkSize);
                int n = (int) Math.min(Math.min(len, chunkSize - at), options.blockSize() - filled);
                System.arraycopy(b, off, chunks.get(chunk), at, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == options.blockSize()) {
                    stage();
                }
            }
        }

        private void stage() throws IOException {
            if (blockIds.size() == MAX_BLOCKS) {
                fail();
                throw new IOException("Cannot write '" + key + "' in " + description + ": it would need more than " + MAX_BLOCKS + " blocks of "
                        + options.blockSize() + " bytes, Azure's limit. Raise the setting 'block-size'.");
            }
            // Fixed width (Azure wants equal-length ids in a blob) and unique per upload, so two writers of one key never mix blocks.
            String id = Base64.getEncoder().encodeToString(String.format("%s-%06d", upload, blockIds.size()).getBytes(StandardCharsets.US_ASCII));
            List<ByteBuffer> buffers = new ArrayList<>();
            for (long at = 0; at < filled; at += chunkSize) {
                buffers.add(ByteBuffer.wrap(chunks.get((int) (at / chunkSize)), 0, (int) Math.min(chunkSize, filled - at)));
            }
            try {
                blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(id, BinaryData.fromListByteBuffer(buffers)), null, Context.NONE);
            } catch (RuntimeException e) {
                fail();
                throw new IOException(errors.failure("write", key, e).getMessage(), e);
            }
            blockIds.add(id);
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            if (filled > 0) {
                stage();
            }
            finished = true;
            chunks.clear();
            try {
                BlockBlobCommitBlockListOptions commit = new BlockBlobCommitBlockListOptions(blockIds).setTier(options.accessTier());
                blob.commitBlockListWithResponse(commit, null, Context.NONE);
                logger.debug("Stored object. key: {}, storage: {}, blocks: {}", key, description, blockIds.size());
            } catch (RuntimeException e) {
                throw new IOException(errors.failure("store", key, e).getMessage(), e);
            }
        }

        @Override
        public void abort() {
            // Nothing committed: the staged blocks are never listed and Azure discards them after 7 days.
            fail();
        }

        private void fail() {
            finished = true;
            chunks.clear();
        }

        private static byte[] randomBytes() {
            byte[] bytes = new byte[8];
            RANDOM.nextBytes(bytes);
            return bytes;
        }
    }
}
