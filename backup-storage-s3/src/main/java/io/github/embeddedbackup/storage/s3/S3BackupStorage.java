package io.github.embeddedbackup.storage.s3;

import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import io.github.embeddedbackup.core.storage.ObjectNotFoundException;
import io.github.embeddedbackup.core.storage.StorageException;
import io.github.embeddedbackup.core.storage.StorageKeys;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Stores objects in an S3 bucket (or any S3-compatible store) under a prefix. Writes stream as a
 * multipart upload holding one part in memory; an object smaller than one part is a single PUT.
 * Until {@code close()} completes the upload nothing is visible; any failure or {@code abort()}
 * aborts the upload, so no half-object and no orphaned upload is left. The client is given ready-built
 * (credentials, region, endpoint, retries are the caller's); this class never reads credentials.
 */
public final class S3BackupStorage implements BackupStorage {

    private static final Logger logger = LoggerFactory.getLogger(S3BackupStorage.class);

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final S3StorageOptions options;

    /** @param prefix a folder-like prefix ({@code orders-service/}) or empty; a missing trailing {@code /} is added */
    public S3BackupStorage(S3Client client, String bucket, String prefix, S3StorageOptions options) {
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        if (!this.prefix.isEmpty()) {
            StorageKeys.checkPrefix(this.prefix);
        }
        this.options = options;
    }

    @Override
    public StorageWriter openWriter(String key) {
        StorageKeys.check(key);
        return new MultipartWriter(key, prefix + key);
    }

    @Override
    public InputStream openReader(String key) {
        StorageKeys.check(key);
        try {
            return client.getObject(request -> request.bucket(bucket).key(prefix + key));
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(describe(), key);
        } catch (SdkException e) {
            throw failure("read", "s3:GetObject", key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        StorageKeys.check(key);
        try {
            var head = client.headObject(request -> request.bucket(bucket).key(prefix + key));
            return Optional.of(new ObjectInfo(key, head.contentLength(), head.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404 && !isMissingBucket(e)) {
                return Optional.empty();
            }
            throw failure("stat", "s3:GetObject", key, e);
        } catch (SdkException e) {
            throw failure("stat", "s3:GetObject", key, e);
        }
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) {
        StorageKeys.checkPrefix(keyPrefix);
        List<ObjectInfo> result = new ArrayList<>();
        try {
            for (S3Object object : client.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix + keyPrefix)).contents()) {
                result.add(new ObjectInfo(object.key().substring(prefix.length()), object.size(), object.lastModified()));
            }
        } catch (SdkException e) {
            throw failure("list", "s3:ListBucket", keyPrefix, e);
        }
        result.sort(Comparator.comparing(ObjectInfo::key));
        return result;
    }

    @Override
    public void delete(String key) {
        StorageKeys.check(key);
        try {
            client.deleteObject(request -> request.bucket(bucket).key(prefix + key));
        } catch (NoSuchKeyException e) {
            // idempotent
        } catch (SdkException e) {
            throw failure("delete", "s3:DeleteObject", key, e);
        }
    }

    @Override
    public int purgeIncompleteWrites(Instant olderThan) {
        int aborted = 0;
        try {
            for (MultipartUpload upload : client.listMultipartUploadsPaginator(request -> request.bucket(bucket).prefix(prefix)).uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(olderThan)) {
                    client.abortMultipartUpload(request -> request.bucket(bucket).key(upload.key()).uploadId(upload.uploadId()));
                    aborted++;
                }
            }
        } catch (SdkException e) {
            throw failure("clean up unfinished uploads in", "s3:ListBucketMultipartUploads and s3:AbortMultipartUpload", prefix, e);
        }
        return aborted;
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    @Override
    public String toString() {
        return describe();
    }

    /** One place that turns SDK errors into messages saying what to fix. */
    StorageException failure(String action, String permission, String key, SdkException e) {
        String where = describe() + key;
        if (isMissingBucket(e)) {
            return new StorageException("Cannot " + action + " " + where + ": the bucket '" + bucket + "' does not exist (at this "
                    + "endpoint and region). Create it, or fix the bucket name.", describe(), key, e);
        }
        if (e instanceof S3Exception s3) {
            int status = s3.statusCode();
            String code = s3.awsErrorDetails() == null ? "" : s3.awsErrorDetails().errorCode();
            if (status == 403) {
                return new StorageException("Cannot " + action + " " + where + ": access denied (" + code + "). The credentials need "
                        + permission + " on arn:aws:s3:::" + bucket + "/" + prefix + "*; docs/storage-s3.md has a least-privilege "
                        + "policy.", describe(), key, e);
            }
            if (status == 301 || "PermanentRedirect".equals(code) || "AuthorizationHeaderMalformed".equals(code)) {
                return new StorageException("Cannot " + action + " " + where + ": the bucket is in another region (" + code + "). Set "
                        + "the bucket's region.", describe(), key, e);
            }
            return new StorageException("Cannot " + action + " " + where + ": S3 answered " + status + " " + code + " ("
                    + s3.awsErrorDetails().errorMessage() + ").", describe(), key, e);
        }
        if (e instanceof software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException
                || e instanceof software.amazon.awssdk.core.exception.ApiCallTimeoutException) {
            return new StorageException("Cannot " + action + " " + where + ": the S3 endpoint did not answer within the timeout ("
                    + e.getMessage() + "). The server is overloaded or unreachable; raise the timeout if uploads are slow.",
                    describe(), key, e);
        }
        if (isMissingCredentials(e)) {
            return new StorageException("Cannot " + action + " " + where + ": no AWS credentials found. Set AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, choose a profile (AWS_PROFILE, ~/.aws/credentials), or run with an instance or task "
                    + "role.", describe(), key, e);
        }
        if (e instanceof SdkClientException) {
            return new StorageException("Cannot " + action + " " + where + ": the S3 endpoint cannot be reached or the connection "
                    + "broke (" + e.getMessage() + "). Check the endpoint, the network and the credentials.", describe(), key, e);
        }
        return new StorageException("Cannot " + action + " " + where + ": " + e.getMessage(), describe(), key, e);
    }

    /** The SDK's credential chain found nothing: no request was even sent, so the endpoint is not to blame. */
    static boolean isMissingCredentials(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("Unable to load credentials") || message.contains("Unable to load an AWS credentials"))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isMissingBucket(SdkException e) {
        return e instanceof NoSuchBucketException || (e instanceof S3Exception s3 && s3.awsErrorDetails() != null
                && "NoSuchBucket".equals(s3.awsErrorDetails().errorCode()));
    }

    private @Nullable ChecksumAlgorithm checksum() {
        return options.checksumAlgorithm() == null ? null : ChecksumAlgorithm.fromValue(options.checksumAlgorithm());
    }

    /** Buffers one part; a full part is uploaded only when more data comes, so the last part is never empty. */
    private final class MultipartWriter extends StorageWriter {

        private final String key;
        private final String objectKey;
        private final byte[] buffer = new byte[options.partSize()];
        private final List<CompletedPart> parts = new ArrayList<>();
        private int filled;
        private @Nullable String uploadId;
        private boolean finished;

        MultipartWriter(String key, String objectKey) {
            this.key = key;
            this.objectKey = objectKey;
        }


        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("the writer of " + objectKey + " is closed");
            }
            while (len > 0) {
                if (filled == buffer.length) {
                    uploadPart();
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void uploadPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = client.createMultipartUpload(request -> request.bucket(bucket).key(objectKey)
                            .storageClass(options.storageClass()).serverSideEncryption(options.serverSideEncryption())
                            .ssekmsKeyId(options.kmsKeyId()).checksumAlgorithm(checksum())).uploadId();
                }
                int number = parts.size() + 1;
                UploadPartResponse response = client.uploadPart(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId)
                        .partNumber(number).contentLength((long) filled).checksumAlgorithm(checksum()),
                        RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled)));
                parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag()).checksumCRC32(response.checksumCRC32())
                        .checksumCRC32C(response.checksumCRC32C()).checksumSHA1(response.checksumSHA1())
                        .checksumSHA256(response.checksumSHA256()).build());
                filled = 0;
            } catch (SdkException e) {
                throw new IOException(failure("upload part of", "s3:PutObject", key, e).getMessage(), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            try {
                if (uploadId == null) {
                    client.putObject(request -> request.bucket(bucket).key(objectKey).contentLength((long) filled)
                            .storageClass(options.storageClass()).serverSideEncryption(options.serverSideEncryption())
                            .ssekmsKeyId(options.kmsKeyId()).checksumAlgorithm(checksum()),
                            RequestBody.fromBytes(java.util.Arrays.copyOf(buffer, filled)));
                } else {
                    uploadPart();
                    client.completeMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId)
                            .multipartUpload(upload -> upload.parts(parts)));
                }
                finished = true;
                logger.debug("Stored object. key: {}, storage: {}, parts: {}", key, describe(), Math.max(1, parts.size()));
            } catch (SdkException e) {
                abort();
                throw new IOException(failure("store", "s3:PutObject", key, e).getMessage(), e);
            } catch (IOException | RuntimeException e) {
                abort();
                throw e;
            }
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            if (uploadId != null) {
                try {
                    client.abortMultipartUpload(request -> request.bucket(bucket).key(objectKey).uploadId(uploadId));
                } catch (SdkException e) {
                    logger.warn("Cannot abort the unfinished upload of {}{}: {}. It is never listed; 'cleanup' or a bucket "
                            + "lifecycle rule removes it.", describe(), key, e.getMessage());
                }
            }
        }
    }
}
