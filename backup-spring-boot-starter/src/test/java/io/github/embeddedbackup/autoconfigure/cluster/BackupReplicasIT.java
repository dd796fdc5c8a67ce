package io.github.embeddedbackup.autoconfigure.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupListing;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.PgTestServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.springframework.scheduling.support.CronExpression;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Three replicas of one application, each a JVM of its own, on one real PostgreSQL database and one shared backup
 * folder: each slot of the schedule is backed up once, by one of them; a replica killed (SIGKILL) in the middle of a
 * backup leaves nothing listed and another replica backs up instead; a replica asked over HTTP while another backs up
 * answers 409 naming the holder. Without a lock ({@code backup.cluster.lock=none}) the same replicas back up a slot
 * more than once, which shows that the lock is what makes the difference.
 */
class BackupReplicasIT {

    private static final String CRON = "*/3 * * * * *";
    private static final CronExpression SLOTS = CronExpression.parse(CRON);
    private static final Duration SLOT = Duration.ofSeconds(3);
    /** Big enough that a backup (gzip, one thread) runs for seconds: random bytes do not compress. */
    private static final int BIG_MB = 100;
    /** The random files every kill scenario backs up: written once, hard-linked into each test's source. */
    private static final Path RANDOM = Paths.get("target", "replicas-it", "random-" + BIG_MB + "mb").toAbsolutePath();
    /** Written in the background while the first replicas start. */
    private static CompletableFuture<List<Path>> randomFiles;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern TEMP_ARCHIVE = Pattern.compile("\\.(\\d{8}T\\d{6}Z-[0-9a-f]+)\\.tar\\.gz\\.[0-9a-f]+\\.partial");
    private static final Pattern PID = Pattern.compile("pid (\\d+)");

    /** Replicas still running, killed when the test JVM ends unexpectedly (a fork timeout) before the test stopped them. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "replicas-it-cleanup"));
    }

    private final List<Replica> replicas = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Path logs;
    private Path dir;
    private String database;

    /** One replica: its process, its HTTP port and the file its output goes to. */
    record Replica(String name, Process process, int port, Path log) {

        String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(cannot read " + log + ": " + e + ")";
            }
        }

        long pid() {
            return process.pid();
        }
    }

    @BeforeAll
    static void writeRandomFilesInTheBackground() {
        randomFiles = CompletableFuture.supplyAsync(() -> {
            try {
                return writeRandomFiles();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @BeforeEach
    void createDatabaseAndFolders(TestInfo test) throws IOException {
        PgTestServer.require();
        String name = test.getTestMethod().orElseThrow().getName();
        logs = Paths.get("target", "replicas-it", name).toAbsolutePath();
        dir = logs.resolve("data");
        deleteTree(logs);
        Files.createDirectories(dir.resolve("big"));
        Files.createDirectories(dir.resolve("backups"));
        Files.writeString(dir.resolve("big/readme.txt"), "small at first\n");
        database = PgTestServer.createDatabase("replicas");
        PgTestServer.execute(database, "create table orders(id int primary key, item text not null);"
                + "insert into orders select i, 'item ' || i from generate_series(1, 1000) i");
    }

    @AfterEach
    void stopReplicasAndCleanUp() throws IOException {
        stopAll();
        if (database != null) {
            PgTestServer.dropDatabase(database);
        }
        deleteTree(dir); // the backups and the big files; the replicas' logs stay in target/replicas-it
    }

    @Test
    void aPostgresAdvisoryLockMakesOneBackupPerSlotAndAKilledHolderIsReplaced() throws Exception {
        scenario(() -> {
            startReplicas(Map.of("backup.cluster.lock", "auto"));
            assertThat(replicas.get(0).output()).contains("PostgreSQL advisory lock");
            Instant allUp = Instant.now();
            List<Instant> measured = waitForSlots(allUp, 3);

            assertOneBackupPerSlot(measured);
            BackupListing listing = repository().list();
            assertThat(listing.backups().stream().filter(backup -> "catch-up".equals(backup.labels().get("trigger"))))
                    .as("catch-up backups across the three replicas (all started on an empty storage)").hasSizeLessThanOrEqualTo(1);
            assertThat(madeBy(listing)).as("every listed backup was made by one of the replicas").doesNotContainValue(null);

            killTheHolderMidBackup(false);
        });
    }

    @Test
    void aShedLockJdbcLockMakesOneBackupPerSlotAndAKilledHoldersLockExpires() throws Exception {
        PgTestServer.execute(database, "create table shedlock(name varchar(64) not null primary key, lock_until timestamp not null, "
                + "locked_at timestamp not null, locked_by varchar(255) not null)");
        scenario(() -> {
            startReplicas(Map.of("backup.cluster.lock", "shedlock", "replica.shedlock", "true", "backup.cluster.lock-at-most-for", "4s"));
            assertThat(replicas.get(0).output()).contains("ShedLock lock 'embedded-backup-");
            Instant allUp = Instant.now();
            List<Instant> measured = waitForSlots(allUp, 3);

            assertOneBackupPerSlot(measured);
            BackupListing listing = repository().list();
            assertThat(listing.backups().stream().filter(backup -> "catch-up".equals(backup.labels().get("trigger"))))
                    .as("catch-up backups across the three replicas").hasSizeLessThanOrEqualTo(1);
            assertThat(PgTestServer.query(database, "select count(*) from shedlock where name like 'embedded-backup-%'"))
                    .as("the lock is a row of the application's shedlock table").containsExactly("1");

            // A lock renewed every 4s/3 expires between 2.7 s and 4 s after its holder died.
            killTheHolderMidBackup(true);
        });
    }

    @Test
    void withoutALockEveryReplicaBacksUpEverySlot() throws Exception {
        scenario(() -> {
            startReplicas(Map.of("backup.cluster.lock", "none"));
            List<Instant> measured = waitForSlots(Instant.now(), 2);
            awaitListing(measured, listed -> measured.stream().anyMatch(slot -> listed.getOrDefault(slot, List.of()).size() > 1));
            Map<Instant, List<Manifest>> bySlot = bySlot(repository().list());
            assertThat(measured).as("with backup.cluster.lock=none each replica backs up each slot: " + describe(bySlot))
                    .anySatisfy(slot -> assertThat(bySlot.getOrDefault(slot, List.of())).hasSizeGreaterThan(1));
        });
    }

    /**
     * Fills the big source so a backup runs for seconds, finds the replica that holds the lock (its pid in
     * {@code state/running}) while its archive is being written, asks another replica over HTTP (409 naming the holder),
     * kills the holder with SIGKILL, and checks that another replica backs up and that nothing of the killed run is listed.
     *
     * @param expiring whether the lock outlives a dead holder until it expires (ShedLock), or ends with its connection
     */
    private void killTheHolderMidBackup(boolean expiring) throws Exception {
        linkRandomFiles(dir.resolve("big"));
        Path running = dir.resolve("backups/state/running");
        Replica[] holder = new Replica[1];
        String[] partial = new String[1];
        Awaitility.await("a replica writing a big archive").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            Optional<String> temp = partialArchive(10L << 20);
            Replica found = holderOf(running);
            if (temp.isEmpty() || found == null) {
                return false;
            }
            holder[0] = found;
            partial[0] = temp.get();
            return true;
        });
        Replica killed = holder[0];
        Replica other = replicas.stream().filter(replica -> replica != killed && replica.process().isAlive()).findFirst().orElseThrow();

        HttpResponse<String> refused = post(other, "/api/backup");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("title").asString()).isEqualTo("Running in another instance");
        assertThat(problem.path("runningAt").asString()).as("names the holder's process").contains("pid " + killed.pid());

        if (!expiring) {
            assertThat(advisoryLockHolder()).as("pg_locks names the same holder").hasValueSatisfying(session ->
                    assertThat(session).contains("application '" + killed.name() + "'"));
        }

        Instant killedAt = Instant.now();
        killed.process().destroyForcibly();
        assertThat(killed.process().waitFor(10, TimeUnit.SECONDS)).isTrue();
        Instant lockedUntil = expiring ? shedLockUntil() : killedAt;
        if (expiring) {
            assertThat(lockedUntil).as("the dead holder's ShedLock lock outlives it").isAfter(killedAt);
        }
        assertThat(repository().storage().stat("archives/" + partial[0] + ".tar.gz")).as("the killed run never finished its archive").isEmpty();

        Manifest[] takeover = new Manifest[1];
        Awaitility.await("a backup by another replica after the kill").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    takeover[0] = repository().list().backups().stream().filter(backup -> backup.startedAt().isAfter(killedAt))
                            .min(Comparator.comparing(Manifest::startedAt)).orElse(null);
                    return takeover[0] != null;
                });
        Manifest next = takeover[0];
        Duration delay = Duration.between(killedAt, next.startedAt());
        assertThat(next.plainSize()).as("the replacing backup holds the big files").isGreaterThan((long) BIG_MB << 20);
        assertThat(madeBy(repository().list()).get(next.id())).as("made by a surviving replica").isNotNull().isNotEqualTo(killed.name());
        assertThat(next.startedAt()).as("nobody backs up while the dead holder's lock is valid").isAfterOrEqualTo(lockedUntil);
        assertThat(Duration.between(lockedUntil, next.startedAt())).as("once the lock is free, the next slot (or a lock poll) backs up")
                .isLessThan(SLOT.plus(Duration.ofSeconds(2)));

        BackupListing listing = repository().list();
        assertThat(listing.skipped()).as("no unreadable manifest").isEmpty();
        assertThat(listing.backups()).extracting(Manifest::id).as("the killed run is not listed").doesNotContain(partial[0]);
        for (Manifest backup : listing.backups()) {
            assertThat(repository().storage().stat(backup.archive().key())).as("archive of %s", backup.id())
                    .hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(backup.archive().size()));
        }
        assertThat(madeBy(listing)).as("every listed backup was made by a replica that finished it").doesNotContainValue(null);
        String killedLog = killed.output();
        String lastStart = killedLog.substring(killedLog.lastIndexOf("REPLICA started"));
        assertThat(lastStart).as("the killed replica never finished its last backup").doesNotContain("REPLICA succeeded");
        assertAtMostOneBackupPerSlot(listing);
    }

    /** Starts three replicas at once and waits until each is ready. */
    private void startReplicas(Map<String, String> lock) throws IOException, InterruptedException {
        for (String name : List.of("replica-a", "replica-b", "replica-c")) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("spring.application.name", name);
            properties.put("spring.datasource.url", PgTestServer.jdbcUrl(database) + "&ApplicationName=" + name);
            properties.put("spring.datasource.hikari.maximum-pool-size", "4");
            properties.put("backup.storage.local.path", dir.resolve("backups").toString());
            properties.put("backup.sources.big.path", dir.resolve("big").toString());
            properties.put("backup.schedule", CRON);
            properties.put("backup.catch-up", "true");
            properties.put("backup.retention.enabled", "false");
            properties.put("backup.compression.type", "gzip");
            properties.put("backup.compression.threads", "1");
            properties.put("backup.shutdown-timeout", "1s");
            properties.put("logging.level.io.github.embeddedbackup", "INFO");
            // Three JVMs start at once on two cores: lazy beans halve the start-up; the scheduler and the lock start anyway.
            properties.put("spring.main.lazy-initialization", "true");
            properties.putAll(lock);
            replicas.add(start(name, properties));
        }
        for (Replica replica : replicas) {
            Awaitility.await(replica.name() + " ready").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!replica.process().isAlive()) {
                    throw new AssertionError(replica.name() + " exited with " + replica.process().exitValue());
                }
                return replica.output().contains("REPLICA ready");
            });
            // The first call initialises the lazy web beans; later calls (the 409) answer at once.
            HttpResponse<String> list = send(replica, HttpRequest.newBuilder(uri(replica, "/api/backup")).GET());
            assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        }
    }

    private Replica start(String name, Map<String, String> properties) throws IOException {
        int port = freePort();
        // Three JVMs start at once on two cores: one C1 compiler thread each spends about a fifth less CPU on start-up.
        List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), ReplicaApp.class.getName(),
                "--server.port=" + port));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        Path log = logs.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        LIVE.add(process);
        return new Replica(name, process, port, log);
    }

    /** Waits for {@code count} slots after {@code after} and for their backups to end; returns those slots. */
    private static List<Instant> waitForSlots(Instant after, int count) throws InterruptedException {
        List<Instant> slots = new ArrayList<>();
        Instant slot = next(after);
        for (int i = 0; i < count; i++) {
            slots.add(slot);
            slot = next(slot);
        }
        // Until the last slot's backup (a small one) has surely ended, and one more slot has not begun.
        Instant until = slots.get(count - 1).plus(SLOT.minusMillis(300));
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), until).toMillis()));
        return slots;
    }

    private static Instant next(Instant after) {
        return SLOTS.next(ZonedDateTime.ofInstant(after, ZoneOffset.UTC)).toInstant();
    }

    /** The slot a backup belongs to: the last fire time of the cron at or before its start. */
    private static Instant slotOf(Instant startedAt) {
        Instant slot = next(startedAt.minus(SLOT).minusSeconds(1));
        for (Instant later = next(slot); !later.isAfter(startedAt); later = next(later)) {
            slot = later;
        }
        return slot;
    }

    private static Map<Instant, List<Manifest>> bySlot(BackupListing listing) {
        return listing.backups().stream().collect(Collectors.groupingBy(backup -> slotOf(backup.startedAt()), TreeMap::new, Collectors.toList()));
    }

    private void assertOneBackupPerSlot(List<Instant> measured) {
        // On a loaded machine a backup ends seconds after its slot: wait (a while) for each slot's backup to be listed.
        awaitListing(measured, bySlot -> measured.stream().allMatch(slot -> bySlot.containsKey(slot)));
        BackupListing listing = repository().list();
        Map<Instant, List<Manifest>> bySlot = bySlot(listing);
        for (Instant slot : measured) {
            assertThat(bySlot.getOrDefault(slot, List.of())).as("backups of the slot %s; all: %s", slot, describe(bySlot)).hasSize(1);
        }
        assertAtMostOneBackupPerSlot(listing);
    }

    /** Waits until the listing grouped by slot satisfies {@code done}, at most 20 s after the last slot; then the caller asserts. */
    private void awaitListing(List<Instant> slots, java.util.function.Predicate<Map<Instant, List<Manifest>>> done) {
        Instant until = slots.get(slots.size() - 1).plusSeconds(20);
        while (Instant.now().isBefore(until) && !done.test(bySlot(repository().list()))) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void assertAtMostOneBackupPerSlot(BackupListing listing) {
        Map<Instant, List<Manifest>> bySlot = bySlot(listing);
        bySlot.forEach((slot, backups) -> assertThat(backups).as("backups of the slot %s; all: %s", slot, describe(bySlot)).hasSizeLessThanOrEqualTo(1));
    }

    private String describe(Map<Instant, List<Manifest>> bySlot) {
        Map<String, String> makers = madeBy(repository().list());
        return bySlot.entrySet().stream().map(entry -> entry.getKey() + "=" + entry.getValue().stream()
                .map(backup -> backup.id() + "(" + backup.labels().get("trigger") + " by " + makers.get(backup.id()) + " at " + backup.startedAt() + ")")
                .toList()).collect(Collectors.joining("\n  ", "\n  ", ""));
    }

    /** Which replica made each backup, by the ids the replicas reported; a backup no replica reported maps to null. */
    private Map<String, String> madeBy(BackupListing listing) {
        Map<String, String> makers = new LinkedHashMap<>();
        for (Manifest backup : listing.backups()) {
            makers.put(backup.id(), null);
            for (Replica replica : replicas) {
                if (replica.output().contains("REPLICA succeeded " + backup.id() + " ")) {
                    makers.put(backup.id(), replica.name());
                }
            }
        }
        return makers;
    }

    /** The id of a backup whose archive is being written (a hidden temp file of at least {@code minBytes}). */
    private Optional<String> partialArchive(long minBytes) throws IOException {
        Path archives = dir.resolve("backups/archives");
        if (!Files.isDirectory(archives)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(archives)) {
            return files.filter(file -> {
                try {
                    return TEMP_ARCHIVE.matcher(file.getFileName().toString()).matches() && Files.size(file) >= minBytes;
                } catch (IOException e) {
                    return false; // renamed meanwhile
                }
            }).map(file -> {
                Matcher matcher = TEMP_ARCHIVE.matcher(file.getFileName().toString());
                matcher.matches();
                return matcher.group(1);
            }).findFirst();
        }
    }

    /** The live replica whose pid {@code state/running} names, or null. */
    private Replica holderOf(Path running) {
        String text;
        try {
            text = Files.readString(running);
        } catch (IOException e) {
            return null;
        }
        Matcher matcher = PID.matcher(text);
        if (!matcher.find()) {
            return null;
        }
        long pid = Long.parseLong(matcher.group(1));
        return replicas.stream().filter(replica -> replica.pid() == pid && replica.process().isAlive()).findFirst().orElse(null);
    }

    private HttpResponse<String> post(Replica replica, String path) throws IOException, InterruptedException {
        return send(replica, HttpRequest.newBuilder(uri(replica, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    private HttpResponse<String> send(Replica replica, HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString("alice:alice-password".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(Replica replica, String path) {
        return URI.create("http://127.0.0.1:" + replica.port() + path);
    }

    /** Who holds the replicas' advisory lock, as pg_locks tells (the sessions are named after the replicas). */
    private Optional<String> advisoryLockHolder() throws java.sql.SQLException {
        long key = io.github.embeddedbackup.runtime.PostgresAdvisoryLock.keyFor(repository().storage().describe());
        try (java.sql.Connection connection = PgTestServer.info(database).connect()) {
            return io.github.embeddedbackup.runtime.PostgresAdvisoryLock.holder(connection, key);
        }
    }

    /** Until when the replicas' ShedLock lock is taken, by the database's clock (UTC). */
    private Instant shedLockUntil() {
        String millis = PgTestServer.query(database, "select (extract(epoch from lock_until) * 1000)::bigint from shedlock "
                + "where name like 'embedded-backup-%'").get(0);
        return Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private BackupRepository repository() {
        return new BackupRepository(new FilesystemBackupStorage(dir.resolve("backups")));
    }

    /** Runs {@code body}; on a failure prints each replica's output, which says what it did and when. */
    private void scenario(ThrowingRunnable body) throws Exception {
        try {
            body.run();
        } catch (Throwable e) {
            for (Replica replica : replicas) {
                System.err.println("===== " + replica.name() + " (pid " + replica.pid() + ", port " + replica.port() + ", " + replica.log() + ")");
                System.err.println(replica.output());
            }
            throw e;
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Stops every replica with SIGKILL (nothing is checked after a test, so a graceful stop would only add seconds);
     * none outlives the test.
     */
    private void stopAll() {
        replicas.forEach(replica -> replica.process().destroyForcibly());
        for (Replica replica : replicas) {
            try {
                replica.process().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        replicas.forEach(replica -> LIVE.remove(replica.process()));
        replicas.clear();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Puts {@link #BIG_MB} of random (incompressible) bytes, in files of 20 MB, into {@code folder}. */
    private static void linkRandomFiles(Path folder) throws IOException {
        for (Path file : randomFiles.join()) {
            Files.createLink(folder.resolve(file.getFileName()), file);
        }
    }

    /** Writes the random files under {@link #RANDOM}, unless a previous run did (the same bytes each time: seeded). */
    private static List<Path> writeRandomFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        byte[] chunk = new byte[1 << 20];
        Files.createDirectories(RANDOM);
        for (int index = 0; index < BIG_MB / 20; index++) {
            Path file = RANDOM.resolve("random-" + index + ".bin");
            files.add(file);
            if (Files.isRegularFile(file) && Files.size(file) == 20L << 20) {
                continue;
            }
            Random random = new Random(42 + index);
            try (OutputStream out = Files.newOutputStream(file)) {
                for (int mb = 0; mb < 20; mb++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
        }
        return files;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
