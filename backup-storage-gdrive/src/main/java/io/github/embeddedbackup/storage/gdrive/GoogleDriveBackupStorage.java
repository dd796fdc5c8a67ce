package io.github.embeddedbackup.storage.gdrive;

import com.google.api.client.http.ByteArrayContent;
import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpContent;
import com.google.api.client.http.HttpRequest;
import com.google.api.client.http.HttpResponse;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.json.JsonHttpContent;
import com.google.api.services.drive.Drive;
import com.google.api.services.drive.model.File;
import com.google.api.services.drive.model.FileList;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import io.github.embeddedbackup.core.storage.ObjectNotFoundException;
import io.github.embeddedbackup.core.storage.StorageException;
import io.github.embeddedbackup.core.storage.StorageKeys;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores objects as files directly in one Google Drive folder (of a Shared Drive or a personal drive):
 * an object is the file named {@code prefix + key}, the name keeping its {@code /}s, so that no
 * sub-folder is ever created (Drive would happily create two folders of one name under concurrent
 * writers). A write is a resumable upload, one chunk in memory, of a file under a hidden staging name
 * ({@code prefix + ".partial/" + key + "." + random}), renamed to its final name only when the writer
 * closes: a file of that name is always complete.
 *
 * <p>Drive allows several files of one name. Reads and {@code stat} take the newest (by createdTime,
 * then modifiedTime, then id); after a write its older namesakes are deleted; {@link #incompleteWrites()}
 * reports the ones left (as {@code duplicate: name}) and staged leftovers. Deletes are permanent
 * ({@code files.delete}), never to the trash. Rate limits, 429 and 5xx are retried with backoff.
 */
public final class GoogleDriveBackupStorage implements BackupStorage {

    private static final Logger logger = LoggerFactory.getLogger(GoogleDriveBackupStorage.class);

    /** Drive's resumable uploads take chunks in multiples of this, except the last. */
    public static final int CHUNK_UNIT = 256 * 1024;
    public static final int DEFAULT_CHUNK_SIZE = 8 * 1024 * 1024;
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    static final String STAGING = ".partial/";
    static final String DUPLICATE = "duplicate: ";
    private static final String FIELDS = "id,name,size,createdTime,modifiedTime";
    private static final Pattern RANGE = Pattern.compile("bytes=0-(\\d+)");

    /** Newest last: createdTime, then modifiedTime, then id. */
    static final Comparator<File> AGE = Comparator.<File>comparingLong(file -> millis(file.getCreatedTime()))
            .thenComparingLong(file -> millis(file.getModifiedTime())).thenComparing(File::getId);

    /** Set once the folder was found: checked before the first query, see requireFolder. */
    private volatile boolean folderSeen;
    private final Drive drive;
    private final String folderId;
    private final String prefix;
    private final int chunkSize;
    private final DriveRetry retry;
    private final DriveErrors errors;
    private volatile boolean warnedAboutTrash;

    /**
     * @param prefix name prefix or empty; a missing trailing {@code /} is added
     * @param chunkSize bytes per upload request and in memory, a multiple of 256 KiB
     * @param maxAttempts tries of one request when Drive is rate-limiting or failing (1 = no retry)
     * @param credentialSource the settings that gave the credentials, named in credential errors
     */
    public GoogleDriveBackupStorage(Drive drive, String folderId, String prefix, int chunkSize, int maxAttempts, String credentialSource) {
        this(drive, folderId, prefix, chunkSize, new DriveRetry(maxAttempts, Duration.ofSeconds(1), Duration.ofSeconds(16)), credentialSource);
    }

    GoogleDriveBackupStorage(Drive drive, String folderId, String prefix, int chunkSize, DriveRetry retry, String credentialSource) {
        if (chunkSize < CHUNK_UNIT || chunkSize % CHUNK_UNIT != 0) {
            throw new IllegalArgumentException("Google Drive chunk size must be a multiple of 256 KiB, but was " + chunkSize);
        }
        if (retry.maxAttempts() < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, but was " + retry.maxAttempts());
        }
        this.drive = drive;
        this.folderId = folderId;
        this.prefix = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
        this.chunkSize = chunkSize;
        this.retry = retry;
        this.errors = new DriveErrors(describe(), folderId, credentialSource);
    }

    public GoogleDriveBackupStorage(Drive drive, String folderId, String prefix) {
        this(drive, folderId, prefix, DEFAULT_CHUNK_SIZE, DEFAULT_MAX_ATTEMPTS, "the application's Drive client");
    }

    @Override
    public StorageWriter openWriter(String key) {
        StorageKeys.check(key);
        String staged = prefix + STAGING + key + "." + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        return new ResumableWriter(key, staged, startSession(key, staged));
    }

    @Override
    public InputStream openReader(String key) {
        StorageKeys.check(key);
        File file = newest(named(prefix + key, "read", key)).orElseThrow(() -> new ObjectNotFoundException(describe(), key));
        try {
            return call("read", key, () -> drive.files().get(file.getId()).setSupportsAllDrives(true).executeMediaAsInputStream());
        } catch (StorageException e) {
            if (e.getCause() instanceof HttpResponseException http && http.getStatusCode() == 404) {
                throw new ObjectNotFoundException(describe(), key); // deleted between the lookup and the read
            }
            throw e;
        }
    }

    @Override
    public Optional<ObjectInfo> stat(String key) {
        StorageKeys.check(key);
        return newest(named(prefix + key, "stat", key)).map(this::info);
    }

    @Override
    public List<ObjectInfo> list(String keyPrefix) {
        StorageKeys.checkPrefix(keyPrefix);
        Map<String, File> newest = new LinkedHashMap<>();
        for (File file : inFolder("list", keyPrefix)) {
            if (file.getName().startsWith(prefix + keyPrefix) && !isStaged(file.getName())) {
                newest.merge(file.getName(), file, (a, b) -> AGE.compare(a, b) >= 0 ? a : b);
            }
        }
        return newest.values().stream().map(this::info).sorted(Comparator.comparing(ObjectInfo::key)).toList();
    }

    @Override
    public void delete(String key) {
        StorageKeys.check(key);
        for (File file : named(prefix + key, "delete", key)) {
            deleteFile(file.getId(), key);
        }
    }

    @Override
    public List<ObjectInfo> incompleteWrites() {
        List<ObjectInfo> leftovers = new ArrayList<>();
        leftovers(file -> leftovers.add(new ObjectInfo(file.getName(), size(file), Instant.ofEpochMilli(millis(file.getModifiedTime())))),
                file -> leftovers.add(new ObjectInfo(DUPLICATE + file.getName(), size(file), Instant.ofEpochMilli(millis(file.getCreatedTime())))));
        return leftovers;
    }

    @Override
    public int purgeIncompleteWrites(Instant olderThan) {
        int[] removed = {0};
        leftovers(file -> {
            if (millis(file.getCreatedTime()) < olderThan.toEpochMilli()) {
                deleteFile(file.getId(), file.getName());
                removed[0]++;
            }
        }, file -> {
            deleteFile(file.getId(), file.getName());
            removed[0]++;
        });
        return removed[0];
    }

    /** Staged files under this prefix, then the older copies of names that appear more than once. */
    private void leftovers(java.util.function.Consumer<File> staged, java.util.function.Consumer<File> duplicate) {
        Map<String, List<File>> byName = new LinkedHashMap<>();
        for (File file : inFolder("list", null)) {
            if (file.getName().startsWith(prefix + STAGING)) {
                staged.accept(file);
            } else if (file.getName().startsWith(prefix) && !isStaged(file.getName())) {
                byName.computeIfAbsent(file.getName(), name -> new ArrayList<>()).add(file);
            }
        }
        for (List<File> copies : byName.values()) {
            copies.sort(AGE);
            copies.subList(0, copies.size() - 1).forEach(duplicate);
        }
    }

    @Override
    public void requireExisting() {
        call("open", null, () -> drive.files().get(folderId).setSupportsAllDrives(true).setFields("id").execute());
    }

    @Override
    public String describe() {
        return "gdrive://" + folderId + "/" + prefix;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static boolean isStaged(String name) {
        return name.startsWith(STAGING) || name.contains("/" + STAGING);
    }

    private ObjectInfo info(File file) {
        long modified = file.getModifiedTime() != null ? millis(file.getModifiedTime()) : millis(file.getCreatedTime());
        return new ObjectInfo(file.getName().substring(prefix.length()), size(file), Instant.ofEpochMilli(modified));
    }

    private static long size(File file) {
        return file.getSize() == null ? 0 : file.getSize();
    }

    private static long millis(com.google.api.client.util.@Nullable DateTime time) {
        return time == null ? 0 : time.getValue();
    }

    private static Optional<File> newest(List<File> files) {
        return files.stream().max(AGE);
    }

    private List<File> named(String name, String action, String key) {
        requireFolder(action, key);
        return query("'" + quote(folderId) + "' in parents and trashed = false and name = '" + quote(name) + "'", action, key);
    }

    private List<File> inFolder(String action, @Nullable String key) {
        requireFolder(action, key);
        return query("'" + quote(folderId) + "' in parents and trashed = false", action, key);
    }

    /**
     * Looks the folder up once: a query on a folder the account cannot see answers an empty list, which
     * would read as "no backups" instead of naming the folder that is missing or not shared.
     */
    private void requireFolder(String action, @Nullable String key) {
        if (folderSeen) {
            return;
        }
        File folder = call(action, key, () -> drive.files().get(folderId).setSupportsAllDrives(true).setFields("id,mimeType,trashed").execute());
        if (Boolean.TRUE.equals(folder.getTrashed()) || !"application/vnd.google-apps.folder".equals(folder.getMimeType())) {
            throw new StorageException("Cannot " + action + " " + describe() + (key == null ? "" : key) + ": '" + folderId + "' is "
                    + (Boolean.TRUE.equals(folder.getTrashed()) ? "in the trash" : "not a folder") + ". Set folder-id to a folder's id (the "
                    + "last part of its URL in Drive).", describe(), key, null);
        }
        folderSeen = true;
    }

    private List<File> query(String q, String action, @Nullable String key) {
        List<File> files = new ArrayList<>();
        String token = null;
        do {
            String page = token;
            FileList list = call(action, key, () -> drive.files().list().setQ(q).setPageSize(1000).setPageToken(page)
                    .setSupportsAllDrives(true).setIncludeItemsFromAllDrives(true)
                    .setFields("nextPageToken,files(" + FIELDS + ")").execute());
            if (list.getFiles() != null) {
                files.addAll(list.getFiles());
            }
            token = list.getNextPageToken();
        } while (token != null && !token.isEmpty());
        return files;
    }

    /** Drive's query strings quote with {@code '} and escape with a backslash. */
    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    private void deleteFile(String id, String key) {
        try {
            call("delete", key, () -> drive.files().delete(id).setSupportsAllDrives(true).execute());
        } catch (StorageException e) {
            if (e.getCause() instanceof HttpResponseException http && http.getStatusCode() == 404) {
                return; // a file already gone is deleted
            }
            if (e.getCause() instanceof HttpResponseException http && http.getStatusCode() == 403) {
                trash(id, key, e);
                return;
            }
            throw e;
        }
    }

    /**
     * In a Shared Drive only an organizer (Manager) may delete permanently; a Content manager may still
     * trash, which hides the file from every listing here and Drive empties after 30 days.
     */
    private void trash(String id, String key, StorageException refused) {
        try {
            call("delete", key, () -> drive.files().update(id, new File().setTrashed(true)).setSupportsAllDrives(true).setFields("id").execute());
        } catch (StorageException e) {
            throw refused;
        }
        if (!warnedAboutTrash) {
            warnedAboutTrash = true;
            logger.warn("Google Drive refused to delete {}{} permanently, so it was moved to the trash (emptied after 30 days in a "
                    + "Shared Drive). Make the account a Manager of the Shared Drive to delete permanently.", describe(), key);
        }
    }

    /** One Drive client call, retried on rate limits and transient failures, its failure mapped once. */
    private <T> T call(String action, @Nullable String key, DriveCall<T> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.run();
            } catch (HttpResponseException e) {
                if (!DriveErrors.retryable(e.getStatusCode(), DriveErrors.reason(e.getContent())) || attempt >= retry.maxAttempts()) {
                    throw errors.http(action, key, e.getStatusCode(), e.getContent(), e);
                }
                logger.debug("Google Drive answered {} {}; retrying. storage: {}", e.getStatusCode(), DriveErrors.reason(e.getContent()), describe());
            } catch (IOException e) {
                if (DriveErrors.isCredentialFailure(e) || attempt >= retry.maxAttempts()) {
                    throw errors.io(action, key, e);
                }
                logger.debug("A Google Drive request failed ({}); retrying. storage: {}", e.getClass().getSimpleName(), describe());
            }
            try {
                retry.pause(attempt);
            } catch (InterruptedIOException e) {
                throw errors.io(action, key, e);
            }
        }
    }

    @FunctionalInterface
    private interface DriveCall<T> {
        T run() throws IOException;
    }

    /** POSTs the metadata, with the folder as parent; the session URI is where the chunks go. */
    private String startSession(String key, String staged) {
        File metadata = new File().setName(staged).setParents(List.of(folderId));
        GenericUrl url = new GenericUrl(drive.getRootUrl() + "upload/drive/v3/files?uploadType=resumable&supportsAllDrives=true&fields=" + FIELDS);
        return call("write", key, () -> {
            HttpRequest request = raw(drive.getRequestFactory().buildPostRequest(url, new JsonHttpContent(drive.getJsonFactory(), metadata)));
            request.getHeaders().set("X-Upload-Content-Type", "application/octet-stream");
            HttpResponse response = request.execute();
            try {
                if (!response.isSuccessStatusCode()) {
                    throw answered(response);
                }
                String location = response.getHeaders().getLocation();
                if (location == null) {
                    throw new IOException("Google Drive started an upload session without a Location header");
                }
                return location;
            } finally {
                response.disconnect();
            }
        });
    }

    /** Failures are answers here: status codes are read, not thrown; 308 is the protocol's "go on", no redirect. */
    private static HttpRequest raw(HttpRequest request) {
        return request.setThrowExceptionOnExecuteError(false).setFollowRedirects(false);
    }

    private static HttpResponseException answered(HttpResponse response) throws IOException {
        String body = response.parseAsString();
        return new HttpResponseException.Builder(response.getStatusCode(), response.getStatusMessage(), response.getHeaders()).setContent(body).build();
    }

    /** Push-style resumable upload: one chunk buffered, sent when the next byte shows it is not the last. */
    private final class ResumableWriter extends StorageWriter {

        private final String key;
        private final String staged;
        private final String session;
        private byte[] buffer = new byte[0];
        private int fill;
        private long offset;
        private @Nullable File uploaded;
        private boolean finished;

        ResumableWriter(String key, String staged, String session) {
            this.key = key;
            this.staged = staged;
            this.session = session;
        }


        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (finished) {
                throw new IOException("the writer of " + describe() + key + " is closed");
            }
            if (buffer.length == 0 && len > 0) {
                buffer = new byte[chunkSize];
            }
            while (len > 0) {
                if (fill == chunkSize) {
                    send(false);
                }
                int n = Math.min(len, chunkSize - fill);
                System.arraycopy(b, off, buffer, fill, n);
                fill += n;
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() throws IOException {
            if (finished) {
                return;
            }
            try {
                send(true);
                File done = uploaded;
                if (done == null) {
                    throw new IOException("Google Drive did not confirm the upload of " + describe() + key);
                }
                File renamed = call("store", key, () -> drive.files().update(done.getId(), new File().setName(prefix + key))
                        .setSupportsAllDrives(true).setFields(FIELDS).execute());
                finished = true;
                buffer = new byte[0];
                removeOlderCopies(renamed);
                logger.debug("Stored object. key: {}, storage: {}", key, describe());
            } catch (StorageException e) {
                abort();
                throw new IOException(e.getMessage(), e);
            } catch (IOException | RuntimeException e) {
                abort();
                throw e;
            }
        }

        /** Newest wins: older files of this name go; one that cannot be deleted now is reported by incompleteWrites. */
        private void removeOlderCopies(File renamed) {
            try {
                for (File file : named(prefix + key, "store", key)) {
                    if (!file.getId().equals(renamed.getId()) && AGE.compare(file, renamed) < 0) {
                        deleteFile(file.getId(), key);
                    }
                }
            } catch (StorageException e) {
                logger.warn("The older copy of {}{} was not deleted; cleanup removes it later: {}", describe(), key, e.getMessage());
            }
        }

        @Override
        public void abort() {
            if (finished) {
                return;
            }
            finished = true;
            buffer = new byte[0];
            File done = uploaded;
            try {
                if (done != null) {
                    deleteFile(done.getId(), staged);
                } else {
                    HttpRequest cancel = raw(drive.getRequestFactory().buildDeleteRequest(new GenericUrl(session)));
                    cancel.execute().disconnect(); // Drive answers 499: the session is gone, nothing was created
                }
            } catch (IOException | RuntimeException e) {
                logger.warn("Cancelling the upload of {}{} failed; nothing is listed, and a staged file is removed by cleanup: {}",
                        describe(), key, e.getMessage());
            }
        }

        /**
         * Sends the buffer. A failed request is followed by a status query ({@code bytes *}{@code /N}), whose
         * 308 {@code Range} says how much Drive kept; the rest is sent again.
         */
        private void send(boolean last) throws IOException {
            long total = last ? offset + fill : -1;
            int kept = 0;
            int failures = 0;
            while (true) {
                String size = last ? Long.toString(total) : "*";
                String range = kept == fill ? "bytes */" + size : "bytes " + (offset + kept) + "-" + (offset + fill - 1) + "/" + size;
                int status = -1;
                try {
                    HttpResponse response = put(range, kept, fill - kept);
                    status = response.getStatusCode();
                    Integer progress = progress(response, last);
                    if (progress == null) {
                        return;
                    }
                    if (progress > kept) {
                        kept = progress;
                        failures = 0;
                    } else if (++failures >= retry.maxAttempts()) {
                        throw new IOException("Google Drive did not take the upload of " + describe() + key + " after "
                                + failures + " attempts (it keeps answering 308 without progress); try again later");
                    }
                    if (kept == fill && !last) {
                        offset += fill;
                        fill = 0;
                        return;
                    }
                    if (failures == 0) {
                        continue;
                    }
                } catch (HttpResponseException e) {
                    failures++;
                    if (e.getStatusCode() == 404 || e.getStatusCode() == 410) {
                        throw new IOException("Cannot upload " + describe() + key + ": Google Drive no longer knows its upload session (it "
                                + "expired or was cancelled, " + e.getStatusCode() + "). Nothing was stored; run the backup again.", e);
                    }
                    if (!DriveErrors.retryable(e.getStatusCode(), DriveErrors.reason(e.getContent())) || failures >= retry.maxAttempts()) {
                        throw new IOException(errors.http("upload", key, e.getStatusCode(), e.getContent(), e).getMessage(), e);
                    }
                } catch (IOException e) {
                    failures++;
                    if (DriveErrors.isCredentialFailure(e) || failures >= retry.maxAttempts()) {
                        throw new IOException(errors.io("upload", key, e).getMessage(), e);
                    }
                }
                logger.debug("An upload chunk failed ({}); asking Drive what it kept. storage: {}", status, describe());
                retry.pause(failures);
                try {
                    HttpResponse response = put("bytes */" + (last ? Long.toString(total) : "*"), 0, 0);
                    Integer progress = progress(response, last);
                    if (progress == null) {
                        return;
                    }
                    kept = progress;
                } catch (IOException e) {
                    // the query failed too: the next attempt resends from where Drive was last known to be
                }
            }
        }

        /**
         * What an answer means: null when the upload is complete (the file is known), else how many
         * bytes of the buffer Drive holds; another status is thrown as an HttpResponseException.
         */
        private @Nullable Integer progress(HttpResponse response, boolean last) throws IOException {
            try {
                int status = response.getStatusCode();
                if (status == 200 || status == 201) {
                    if (!last) {
                        throw new IOException("Google Drive completed the upload of " + describe() + key + " before its last chunk");
                    }
                    uploaded = drive.getJsonFactory().fromString(response.parseAsString(), File.class);
                    offset += fill;
                    fill = 0;
                    return null;
                }
                if (status == 308) {
                    String range = response.getHeaders().getRange();
                    long received = 0;
                    if (range != null) {
                        Matcher matcher = RANGE.matcher(range);
                        if (!matcher.find()) {
                            throw new IOException("Google Drive answered an unreadable Range '" + range + "'");
                        }
                        received = Long.parseLong(matcher.group(1)) + 1;
                    }
                    if (received < offset || received > offset + fill) {
                        throw new IOException("Google Drive's upload session of " + describe() + key + " holds " + received
                                + " bytes where " + offset + " to " + (offset + fill) + " were expected; the session was lost");
                    }
                    return (int) (received - offset);
                }
                throw answered(response);
            } finally {
                response.disconnect();
            }
        }

        private HttpResponse put(String range, int from, int length) throws IOException {
            HttpContent content = new ByteArrayContent("application/octet-stream", buffer, from, length);
            HttpRequest request = raw(drive.getRequestFactory().buildPutRequest(new GenericUrl(session), content));
            request.getHeaders().setContentRange(range);
            return request.execute();
        }
    }
}
