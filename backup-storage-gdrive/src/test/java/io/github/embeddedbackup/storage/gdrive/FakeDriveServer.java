package io.github.embeddedbackup.storage.gdrive;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A local Google Drive v3 server for tests, written from Google's published reference (files.create with
 * {@code uploadType=resumable}, files.list, files.get, files.update, files.delete, and the OAuth token
 * endpoint), serving exactly the subset {@code GoogleDriveBackupStorage} uses and enforcing the rules it
 * relies on: chunks in multiples of 256 KiB except the last, a file exists only once its upload completes,
 * several files may share a name, a Shared Drive's files are found only with {@code supportsAllDrives=true},
 * every API call needs a bearer token from {@code /token}. File bodies live on disk, so a 2 GB upload costs
 * no heap; a server started again on the same folder sees the same files.
 */
public final class FakeDriveServer implements AutoCloseable {

    public static final String CLIENT_ID = "fake-client.apps.googleusercontent.com";
    public static final String CLIENT_SECRET = "fake-client-secret-5aV9";
    public static final String REFRESH_TOKEN = "1//fake-refresh-token-Qm27xT";
    static final String FOLDER = "application/vnd.google-apps.folder";
    private static final int CHUNK_UNIT = 256 * 1024;
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)");
    private static final Pattern CLAUSE = Pattern.compile("\\s*(?:'((?:[^'\\\\]|\\\\.)*)'\\s+in\\s+parents|trashed\\s*=\\s*(false|true)"
            + "|name\\s*=\\s*'((?:[^'\\\\]|\\\\.)*)')\\s*(and\\b|$)");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Path dir;
    private final boolean ownsDir;
    private final Map<String, Meta> files = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private volatile int pageCap = 1000;
    private final AtomicBoolean quotaForServiceAccounts = new AtomicBoolean();
    private final AtomicBoolean permanentDeleteForbidden = new AtomicBoolean();
    private final AtomicLong clock = new AtomicLong();
    private Fault fault;

    /** A file's metadata; the body is {@code blobs/ID}. */
    private record Meta(String id, String name, String parent, String mimeType, long created, long modified, long size, boolean trashed) {

        Meta renamed(String newName, long now) {
            return new Meta(id, newName, parent, mimeType, created, now, size, trashed);
        }

        Meta inTrash(long now) {
            return new Meta(id, name, parent, mimeType, created, now, size, true);
        }
    }

    /** An upload in progress: bytes go to {@code sessions/ID} until the last one arrives. */
    private static final class Session {
        final String name;
        final String parent;
        final Path data;
        long committed;

        Session(String name, String parent, Path data) {
            this.name = name;
            this.parent = parent;
            this.data = data;
        }
    }

    private record Fault(int status, String reason, int times) {}

    private FakeDriveServer(Path dir, boolean ownsDir) throws IOException {
        this.dir = dir;
        this.ownsDir = ownsDir;
        Files.createDirectories(dir.resolve("meta"));
        Files.createDirectories(dir.resolve("blobs"));
        Files.createDirectories(dir.resolve("sessions"));
        try (Stream<Path> metas = Files.list(dir.resolve("meta"))) {
            for (Path path : metas.filter(p -> p.toString().endsWith(".properties")).toList()) {
                Meta meta = load(path);
                files.put(meta.id(), meta);
                clock.accumulateAndGet(meta.created(), Math::max);
            }
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-drive");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** A server on a free loopback port, keeping its files in a temporary folder deleted by {@link #close()}. */
    public static FakeDriveServer start() throws IOException {
        return new FakeDriveServer(Files.createTempDirectory("fake-drive"), true);
    }

    /** A server keeping its files in {@code dataDir}: another server started on it later sees the same files. */
    public static FakeDriveServer start(Path dataDir) throws IOException {
        return new FakeDriveServer(dataDir, false);
    }

    /** The API root, for the setting {@code root-url}, e.g. {@code http://127.0.0.1:40123/}. */
    public String rootUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    /** The OAuth token endpoint, for the setting {@code token-url}. */
    public String tokenUrl() {
        return rootUrl() + "token";
    }

    public Path dataDir() {
        return dir;
    }

    /** A new folder (in a Shared Drive: found only with supportsAllDrives=true); returns its id. */
    public String createFolder(String name) {
        long now = now();
        Meta meta = new Meta(newId(), name, "root", FOLDER, now, now, 0, false);
        save(meta);
        return meta.id();
    }

    /** A file put straight into a folder, as another client would: how duplicate names come about. Returns its id. */
    public String putFile(String folderId, String name, byte[] content) {
        String id = newId();
        try {
            Files.write(dir.resolve("blobs").resolve(id), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long now = now();
        save(new Meta(id, name, folderId, "application/octet-stream", now, now, content.length, false));
        return id;
    }

    /** The settings of the gdrive provider for this server and folder, with the user OAuth credentials it accepts. */
    public Map<String, String> settings(String folderId) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("folder-id", folderId);
        settings.put("root-url", rootUrl());
        settings.put("token-url", tokenUrl());
        settings.put("client-id", CLIENT_ID);
        settings.put("client-secret", CLIENT_SECRET);
        settings.put("refresh-token", REFRESH_TOKEN);
        return settings;
    }

    /** The names of every file in the folder, staged ones included, trashed ones not, sorted (duplicates appear twice). */
    public List<String> fileNames(String folderId) {
        return files.values().stream().filter(meta -> meta.parent().equals(folderId) && !meta.mimeType().equals(FOLDER) && !meta.trashed())
                .map(Meta::name).sorted().toList();
    }

    /** The names of the folder's files in the trash, sorted. */
    public List<String> trashedNames(String folderId) {
        return files.values().stream().filter(meta -> meta.parent().equals(folderId) && meta.trashed()).map(Meta::name).sorted().toList();
    }

    /**
     * While on, files.delete is refused as Drive refuses it to a Shared Drive's Content manager (only an
     * organizer may delete permanently); moving to the trash still works.
     */
    public void permanentDeleteForbidden(boolean on) {
        permanentDeleteForbidden.set(on);
    }

    /** Upload sessions started and neither completed nor cancelled. */
    public int openUploadSessions() {
        return sessions.size();
    }

    /** Forgets every open upload session, as Drive does after a week: their next chunk gets 404. */
    public void expireUploadSessions() {
        for (String id : List.copyOf(sessions.keySet())) {
            Session session = sessions.remove(id);
            if (session != null) {
                synchronized (session) {
                    session.data.toFile().delete();
                }
            }
        }
    }

    /**
     * Answers at most this many files per page, whatever pageSize asks: Drive's reference allows pages
     * shorter than pageSize before the end. Lets a test cross several pages with a few hundred files.
     */
    public void maxPageSize(int files) {
        pageCap = files;
    }

    /** How many requests began with this, e.g. {@code "PUT /upload"}, {@code "GET /drive/v3/files"}, {@code "POST /token"}. */
    public int requestCount(String methodAndPathPrefix) {
        return (int) requests.stream().filter(request -> request.startsWith(methodAndPathPrefix)).count();
    }

    /** The next {@code times} API calls (not token requests) fail with this status and Drive error reason, e.g. 403 rateLimitExceeded. */
    public synchronized void failNext(int status, String reason, int times) {
        fault = new Fault(status, reason, times);
    }

    /** While on, starting an upload fails as it does for a service account outside a Shared Drive (403 storageQuotaExceeded). */
    public void quotaExceededForServiceAccounts(boolean on) {
        quotaForServiceAccounts.set(on);
    }

    /** Stops at once, dropping open connections, and keeps the data: as if the server died. */
    public void kill() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        kill();
        if (ownsDir) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary folder left behind
            }
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String override = exchange.getRequestHeaders().getFirst("X-HTTP-Method-Override");
            if (override != null && method.equals("POST")) {
                method = override; // how google-http-client sends PATCH over HttpURLConnection
            }
            String path = exchange.getRequestURI().getRawPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            requests.add(method + " " + path);
            if (path.equals("/token") && method.equals("POST")) {
                token(exchange);
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7))) {
                drain(exchange);
                error(exchange, 401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token.");
                return;
            }
            Fault injected = takeFault();
            if (injected != null) {
                drain(exchange);
                error(exchange, injected.status(), injected.reason(), "Injected failure: " + injected.reason());
                return;
            }
            if (path.equals("/upload/drive/v3/files")) {
                switch (method) {
                    case "POST" -> startUpload(exchange, query);
                    case "PUT" -> uploadChunk(exchange, query);
                    case "DELETE" -> cancelUpload(exchange, query);
                    default -> error(exchange, 405, "badRequest", "Method not allowed");
                }
            } else if (path.equals("/drive/v3/files") && method.equals("GET")) {
                list(exchange, query);
            } else if (path.startsWith("/drive/v3/files/") || path.startsWith("/download/drive/v3/files/") && method.equals("GET")
                    && "media".equals(query.get("alt"))) {
                // the client downloads media from /download/drive/v3/files/ID?alt=media; Drive serves both paths
                String id = URLDecoder.decode(path.substring(path.indexOf("/files/") + "/files/".length()), StandardCharsets.UTF_8);
                Meta meta = files.get(id);
                if (meta == null || !"true".equals(query.get("supportsAllDrives"))) {
                    drain(exchange);
                    error(exchange, 404, "notFound", "File not found: " + id + ".");
                    return;
                }
                switch (method) {
                    case "GET" -> get(exchange, meta, query);
                    case "PATCH" -> rename(exchange, meta, query);
                    case "DELETE" -> delete(exchange, meta);
                    default -> error(exchange, 405, "badRequest", "Method not allowed");
                }
            } else {
                drain(exchange);
                error(exchange, 404, "notFound", "Not Found");
            }
        } catch (IOException e) {
            // the client went away or the server is being killed: nothing to answer
        } catch (RuntimeException e) {
            System.err.println("FakeDriveServer failed on " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + ": " + e);
            throw e;
        }
    }

    private synchronized Fault takeFault() {
        Fault current = fault;
        if (current == null) {
            return null;
        }
        fault = current.times() > 1 ? new Fault(current.status(), current.reason(), current.times() - 1) : null;
        return current;
    }

    /** OAuth 2.0 refresh_token grant: only the client and refresh token of this server get an access token. */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = query(text(exchange));
        JsonObject answer = new JsonObject();
        if (!CLIENT_ID.equals(form.get("client_id")) || !CLIENT_SECRET.equals(form.get("client_secret"))) {
            answer.addProperty("error", "invalid_client");
            answer.addProperty("error_description", "The OAuth client was not found.");
            send(exchange, 401, answer);
        } else if (!"refresh_token".equals(form.get("grant_type")) || !REFRESH_TOKEN.equals(form.get("refresh_token"))) {
            answer.addProperty("error", "invalid_grant");
            answer.addProperty("error_description", "Token has been expired or revoked.");
            send(exchange, 400, answer);
        } else {
            String token = "ya29.fake-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
            tokens.add(token);
            answer.addProperty("access_token", token);
            answer.addProperty("expires_in", 3599);
            answer.addProperty("scope", "https://www.googleapis.com/auth/drive");
            answer.addProperty("token_type", "Bearer");
            send(exchange, 200, answer);
        }
    }

    private void startUpload(HttpExchange exchange, Map<String, String> query) throws IOException {
        if (!"resumable".equals(query.get("uploadType"))) {
            drain(exchange);
            error(exchange, 400, "badRequest", "Only uploadType=resumable is served here");
            return;
        }
        JsonObject body = JsonParser.parseString(text(exchange)).getAsJsonObject();
        JsonArray parents = body.has("parents") ? body.getAsJsonArray("parents") : new JsonArray();
        String parent = parents.isEmpty() ? "root" : parents.get(0).getAsString();
        Meta folder = files.get(parent);
        if (folder == null || !folder.mimeType().equals(FOLDER) || !"true".equals(query.get("supportsAllDrives"))) {
            error(exchange, 404, "notFound", "File not found: " + parent + ".");
            return;
        }
        if (quotaForServiceAccounts.get()) {
            error(exchange, 403, "storageQuotaExceeded", "Service Accounts do not have storage quota. Leverage shared drives "
                    + "(https://developers.google.com/workspace/drive/api/guides/about-shareddrives), or use OAuth delegation "
                    + "(http://support.google.com/a/answer/7281227) instead.");
            return;
        }
        String id = newId();
        Session session = new Session(body.get("name").getAsString(), parent, dir.resolve("sessions").resolve(id));
        Files.createFile(session.data);
        sessions.put(id, session);
        exchange.getResponseHeaders().set("Location", rootUrl() + "upload/drive/v3/files?uploadType=resumable&upload_id=" + id
                + (query.containsKey("fields") ? "&fields=" + query.get("fields") : ""));
        exchange.sendResponseHeaders(200, -1);
    }

    /** A chunk, or a status query ({@code bytes *}{@code /N}): 308 with the Range kept so far, or the file when complete. */
    private void uploadChunk(HttpExchange exchange, Map<String, String> query) throws IOException {
        String id = query.getOrDefault("upload_id", "");
        Session session = sessions.get(id);
        if (session == null) {
            drain(exchange);
            error(exchange, 404, "notFound", "No upload session " + id + " (completed, cancelled or expired).");
            return;
        }
        String range = exchange.getRequestHeaders().getFirst("Content-Range");
        Matcher matcher = range == null ? null : CONTENT_RANGE.matcher(range.strip());
        if (matcher == null || !matcher.matches()) {
            drain(exchange);
            error(exchange, 400, "badContentRange", "Missing or unreadable Content-Range: " + range);
            return;
        }
        long total = matcher.group(3).equals("*") ? -1 : Long.parseLong(matcher.group(3));
        synchronized (session) {
            if (matcher.group(1) != null) {
                long first = Long.parseLong(matcher.group(1));
                long last = Long.parseLong(matcher.group(2));
                long length = last - first + 1;
                boolean final_ = total >= 0 && last + 1 == total;
                if (first > session.committed || length <= 0 || total >= 0 && last >= total) {
                    drain(exchange);
                    error(exchange, 400, "badContentRange", "Content-Range " + range + " does not follow the " + session.committed + " bytes received");
                    return;
                }
                if (!final_ && (last + 1) % CHUNK_UNIT != 0) {
                    drain(exchange);
                    error(exchange, 400, "badRequest", "Invalid chunk: a chunk other than the last must end on a multiple of 262144 bytes");
                    return;
                }
                long received = receive(exchange.getRequestBody(), session, first, length);
                if (received != length) {
                    error(exchange, 400, "badRequest", "The chunk ended after " + received + " of " + length + " bytes");
                    return;
                }
                session.committed = last + 1;
            } else {
                drain(exchange);
            }
            if (total >= 0 && session.committed == total) {
                Meta meta = complete(id, session);
                send(exchange, 200, json(meta, fields(query.get("fields"))));
                return;
            }
            if (total >= 0 && session.committed > total) {
                error(exchange, 400, "badContentRange", "More bytes received than the declared total " + total);
                return;
            }
            if (session.committed > 0) {
                exchange.getResponseHeaders().set("Range", "bytes=0-" + (session.committed - 1));
            }
            exchange.sendResponseHeaders(308, -1);
        }
    }

    /** Appends the body after the bytes kept; a chunk cut short is dropped whole. */
    private static long receive(InputStream body, Session session, long first, long length) throws IOException {
        long skip = session.committed - first;
        long received = 0;
        try (FileChannel channel = FileChannel.open(session.data, StandardOpenOption.WRITE)) {
            channel.position(session.committed);
            byte[] buffer = new byte[1 << 16];
            int n;
            while (received < length && (n = body.read(buffer, 0, (int) Math.min(buffer.length, length - received))) >= 0) {
                int from = (int) Math.max(0, Math.min(n, skip - received));
                if (n > from) {
                    channel.write(java.nio.ByteBuffer.wrap(buffer, from, n - from));
                }
                received += n;
            }
            if (received != length) {
                channel.truncate(session.committed);
            }
        } catch (IOException e) {
            try (FileChannel channel = FileChannel.open(session.data, StandardOpenOption.WRITE)) {
                channel.truncate(session.committed);
            }
            throw e;
        }
        return received;
    }

    private synchronized Meta complete(String id, Session session) throws IOException {
        Files.move(session.data, dir.resolve("blobs").resolve(id), StandardCopyOption.ATOMIC_MOVE);
        sessions.remove(id);
        long now = now();
        Meta meta = new Meta(id, session.name, session.parent, "application/octet-stream", now, now, session.committed, false);
        save(meta);
        return meta;
    }

    private void cancelUpload(HttpExchange exchange, Map<String, String> query) throws IOException {
        Session session = sessions.remove(query.getOrDefault("upload_id", ""));
        if (session == null) {
            error(exchange, 404, "notFound", "No such upload session");
            return;
        }
        synchronized (session) {
            Files.deleteIfExists(session.data);
        }
        exchange.sendResponseHeaders(499, -1); // Drive's answer to a cancelled resumable upload
    }

    private void list(HttpExchange exchange, Map<String, String> query) throws IOException {
        String q = query.getOrDefault("q", "");
        Matcher matcher = CLAUSE.matcher(q);
        String parent = null;
        String name = null;
        Boolean trashed = null;
        int end = 0;
        while (end < q.length() && matcher.region(end, q.length()).lookingAt()) {
            if (matcher.group(1) != null) {
                parent = unquote(matcher.group(1));
            } else if (matcher.group(2) != null) {
                trashed = Boolean.parseBoolean(matcher.group(2));
            } else {
                name = unquote(matcher.group(3));
            }
            end = matcher.end();
            if (matcher.group(4).isEmpty()) {
                break;
            }
        }
        if (end != q.length() || q.isBlank()) {
            error(exchange, 400, "invalid", "Invalid Value: this server reads only 'ID' in parents, trashed = false and name = '...' joined by and; got q=" + q);
            return;
        }
        int pageSize = Integer.parseInt(query.getOrDefault("pageSize", "100"));
        if (pageSize < 1 || pageSize > 1000) {
            error(exchange, 400, "invalid", "Invalid Value: pageSize must be 1 to 1000");
            return;
        }
        if (parent != null) {
            Meta folder = files.get(parent);
            // Drive answers a query on a folder the caller cannot see with an empty list, not 404 (only files.get says notFound).
            if (folder != null && !"true".equals(query.get("supportsAllDrives"))) {
                error(exchange, 404, "notFound", "File not found: " + parent + ".");
                return;
            }
        }
        boolean allDrives = "true".equals(query.get("includeItemsFromAllDrives")) && "true".equals(query.get("supportsAllDrives"));
        String wantedParent = parent;
        String wantedName = name;
        Boolean wantedTrashed = trashed;
        List<Meta> matching = allDrives ? files.values().stream()
                .filter(meta -> wantedParent == null || meta.parent().equals(wantedParent))
                .filter(meta -> wantedName == null || meta.name().equals(wantedName))
                .filter(meta -> wantedTrashed == null || meta.trashed() == wantedTrashed)
                .sorted(Comparator.comparing(Meta::name).thenComparingLong(Meta::created).thenComparing(Meta::id)).toList() : List.of();
        int from = query.containsKey("pageToken") ? Integer.parseInt(query.get("pageToken").substring(1)) : 0;
        int to = Math.min(matching.size(), from + Math.min(pageSize, pageCap));
        String fields = query.get("fields");
        List<String> fileFields = List.of("kind", "id", "name", "mimeType");
        if (fields != null) {
            Matcher inner = Pattern.compile("files\\(([^)]*)\\)").matcher(fields);
            fileFields = inner.find() ? List.of(inner.group(1).split(",")) : List.of();
        }
        JsonObject answer = new JsonObject();
        if (to < matching.size() && (fields == null || fields.contains("nextPageToken"))) {
            answer.addProperty("nextPageToken", "p" + to);
        }
        JsonArray page = new JsonArray();
        for (Meta meta : matching.subList(Math.min(from, to), to)) {
            page.add(json(meta, fileFields));
        }
        answer.add("files", page);
        send(exchange, 200, answer);
    }

    private void get(HttpExchange exchange, Meta meta, Map<String, String> query) throws IOException {
        if ("media".equals(query.get("alt"))) {
            Path blob = dir.resolve("blobs").resolve(meta.id());
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, meta.size() == 0 ? -1 : meta.size());
            if (meta.size() > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(blob, out);
                }
            }
            return;
        }
        send(exchange, 200, json(meta, fields(query.get("fields"))));
    }

    private void rename(HttpExchange exchange, Meta meta, Map<String, String> query) throws IOException {
        JsonObject body = JsonParser.parseString(text(exchange)).getAsJsonObject();
        Meta renamed = meta;
        synchronized (this) {
            if (body.has("name")) {
                renamed = renamed.renamed(body.get("name").getAsString(), now());
            }
            if (body.has("trashed") && body.get("trashed").getAsBoolean()) {
                renamed = renamed.inTrash(now());
            }
            save(renamed);
        }
        send(exchange, 200, json(renamed, fields(query.get("fields"))));
    }

    private synchronized void delete(HttpExchange exchange, Meta meta) throws IOException {
        if (permanentDeleteForbidden.get()) {
            error(exchange, 403, "insufficientFilePermissions", "The user does not have sufficient permissions for this file.");
            return;
        }
        files.remove(meta.id());
        Files.deleteIfExists(dir.resolve("meta").resolve(meta.id() + ".properties"));
        Files.deleteIfExists(dir.resolve("blobs").resolve(meta.id()));
        exchange.sendResponseHeaders(204, -1);
    }

    private static List<String> fields(String fields) {
        return fields == null ? List.of("kind", "id", "name", "mimeType") : List.of(fields.split(","));
    }

    private JsonObject json(Meta meta, List<String> fields) {
        JsonObject all = new JsonObject();
        all.addProperty("kind", "drive#file");
        all.addProperty("id", meta.id());
        all.addProperty("name", meta.name());
        all.addProperty("mimeType", meta.mimeType());
        JsonArray parents = new JsonArray();
        parents.add(meta.parent());
        all.add("parents", parents);
        all.addProperty("size", Long.toString(meta.size())); // int64 is a JSON string in Google APIs
        all.addProperty("createdTime", RFC3339.format(Instant.ofEpochMilli(meta.created())));
        all.addProperty("modifiedTime", RFC3339.format(Instant.ofEpochMilli(meta.modified())));
        all.addProperty("trashed", meta.trashed());
        JsonObject shown = new JsonObject();
        for (String field : fields) {
            if (all.has(field.strip())) {
                shown.add(field.strip(), all.get(field.strip()));
            }
        }
        return shown;
    }

    private static void error(HttpExchange exchange, int status, String reason, String message) throws IOException {
        JsonObject detail = new JsonObject();
        detail.addProperty("message", message);
        detail.addProperty("domain", status == 403 || status == 429 ? "usageLimits" : "global");
        detail.addProperty("reason", reason);
        JsonArray errors = new JsonArray();
        errors.add(detail);
        JsonObject error = new JsonObject();
        error.addProperty("code", status);
        error.addProperty("message", message);
        error.add("errors", errors);
        JsonObject answer = new JsonObject();
        answer.add("error", error);
        send(exchange, status, answer);
    }

    private static void send(HttpExchange exchange, int status, JsonObject body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A small request body, gunzipped when the client compressed it (Google's client gzips JSON bodies). */
    private static String text(HttpExchange exchange) throws IOException {
        InputStream in = exchange.getRequestBody();
        if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            in = new java.util.zip.GZIPInputStream(in);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static void drain(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String unquote(String quoted) {
        return quoted.replaceAll("\\\\(.)", "$1");
    }

    /** Strictly increasing milliseconds: two files made in one millisecond still have an order. */
    private long now() {
        return clock.accumulateAndGet(System.currentTimeMillis(), (last, now) -> Math.max(last + 1, now));
    }

    private static String newId() {
        return "1" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    private synchronized void save(Meta meta) {
        Properties properties = new Properties();
        properties.setProperty("id", meta.id());
        properties.setProperty("name", meta.name());
        properties.setProperty("parent", meta.parent());
        properties.setProperty("mimeType", meta.mimeType());
        properties.setProperty("created", Long.toString(meta.created()));
        properties.setProperty("modified", Long.toString(meta.modified()));
        properties.setProperty("size", Long.toString(meta.size()));
        properties.setProperty("trashed", Boolean.toString(meta.trashed()));
        Path target = dir.resolve("meta").resolve(meta.id() + ".properties");
        Path temp = dir.resolve("meta").resolve(meta.id() + ".tmp");
        try (OutputStream out = Files.newOutputStream(temp)) {
            properties.store(out, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.put(meta.id(), meta);
    }

    private static Meta load(Path path) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(in);
        }
        return new Meta(properties.getProperty("id"), properties.getProperty("name"), properties.getProperty("parent"),
                properties.getProperty("mimeType"), Long.parseLong(properties.getProperty("created")),
                Long.parseLong(properties.getProperty("modified")), Long.parseLong(properties.getProperty("size")),
                Boolean.parseBoolean(properties.getProperty("trashed")));
    }

    /** For messages in tests. */
    @Override
    public String toString() {
        return "FakeDriveServer[" + rootUrl() + ", " + new ArrayList<>(files.keySet()).size() + " files]";
    }
}
