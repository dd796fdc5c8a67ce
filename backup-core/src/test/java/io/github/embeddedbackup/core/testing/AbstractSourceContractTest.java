package io.github.embeddedbackup.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.BackupEngine;
import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupOptions;
import io.github.embeddedbackup.core.BackupProgressListener;
import io.github.embeddedbackup.core.manifest.Manifest;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.restore.BackupRestorer;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceProviders;
import io.github.embeddedbackup.core.source.SourceSettings;
import io.github.embeddedbackup.core.storage.FilesystemBackupStorage;
import io.github.embeddedbackup.core.testing.faults.Leftovers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every source kept through the {@link SourceProvider} SPI keeps: what it backs up restores
 * to the same content, a target holding data is refused untouched, a missing or killed dump tool stores
 * nothing and says what happened, a URI's password never shows. A source's test extends this and supplies
 * sample data, fresh targets and a fingerprint of what a user would compare.
 */
public abstract class AbstractSourceContractTest {

    /** Source names the engine takes. */
    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
    private static final String PASSWORD = "Contract-Secret-4711";
    private static final Duration TOOL_DEADLINE = Duration.ofSeconds(60);

    @TempDir
    Path contractDir;

    /** A URI of a source holding fixed sample data; set up by the subclass and never changed by a case. */
    protected abstract String sourceUri();

    /** A URI naming a new target (a new database, file or folder) into which a restore may go. */
    protected abstract String freshTargetUri() throws Exception;

    /** Puts data into what {@code targetUri} (from {@link #freshTargetUri()}) names, so that a restore must refuse it. */
    protected abstract void fill(String targetUri) throws Exception;

    /** What a user compares after a restore (rows per table, files and their content), of what {@code uri} names. */
    protected abstract Map<String, String> fingerprint(String uri) throws Exception;

    /** The settings the source and the targets get. */
    protected abstract SourceSettings settings();

    /** Whether the source runs an external dump program (pg_dump, mariadb-dump); the tool cases are skipped otherwise. */
    protected abstract boolean runsDumpTool();

    /** Why a source without a dump tool skips the tool cases, for the skip reason. */
    protected String noDumpToolReason() {
        return getClass().getSimpleName() + "'s source runs no external dump program";
    }

    /** The real dump program (a name on the PATH or a full path); asked only when {@link #runsDumpTool()}. */
    protected String dumpTool() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " runs a dump tool and must name it");
    }

    /** {@code settings} with the dump program replaced by {@code tool}. */
    protected SourceSettings withDumpTool(SourceSettings settings, String tool) {
        return settings.withTools(tool, settings.restoreTool());
    }

    /** URIs of this provider's forms that hold {@code password}; empty when its URIs hold no password (file paths). */
    protected abstract List<String> urisWithPassword(String password);

    /** How the contract restores into a fresh target. */
    protected RestoreOptions restoreOptions() {
        return RestoreOptions.defaults();
    }

    protected final SourceProvider provider() {
        return SourceProviders.installed().forUri(sourceUri());
    }

    protected final BackupRepository repository() {
        return new BackupRepository(new FilesystemBackupStorage(storageDir()));
    }

    private Path storageDir() {
        return contractDir.resolve("contract-storage");
    }

    @Test
    void backupRestoresIntoANewTargetWithEqualContent() throws Exception {
        Map<String, String> original = fingerprint(sourceUri());
        assertThat(original).as("the sample data of %s", provider().redact(sourceUri())).isNotEmpty();
        Manifest manifest = backup(settings());
        String target = freshTargetUri();

        new BackupRestorer(repository()).restore(manifest.id(), null, provider().target(target, settings()), restoreOptions());

        assertThat(fingerprint(target)).isEqualTo(original);
        assertThat(fingerprint(sourceUri())).as("the source after its backup").isEqualTo(original);
    }

    @Test
    @Tag("fault-matrix")
    void aTargetHoldingDataIsRefusedBeforeAnythingChanges() throws Exception {
        Manifest manifest = backup(settings());
        String target = freshTargetUri();
        fill(target);
        Map<String, String> before = fingerprint(target);
        assertThat(before).as("the filled target").isNotEmpty().isNotEqualTo(fingerprint(sourceUri()));
        RestoreTarget restoreTarget = provider().target(target, settings());

        assertThatThrownBy(() -> new BackupRestorer(repository()).restore(manifest.id(), null, restoreTarget, restoreOptions()))
                .isInstanceOf(BackupConfigurationException.class)
                .hasMessageContaining(provider().defaultName(target)); // names the target: its database, file or folder
        assertThat(fingerprint(target)).as("the refused target").isEqualTo(before);
    }

    @Test
    @Tag("fault-matrix")
    void aMissingDumpToolIsNamedAndNothingIsStored() throws Exception {
        Assumptions.assumeTrue(runsDumpTool(), noDumpToolReason());
        String missing = contractDir.resolve("no-such-folder").resolve(Path.of(dumpTool()).getFileName()).toString();

        assertThatThrownBy(() -> backup(withDumpTool(settings(), missing)))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining(missing);
        assertNothingStored();
    }

    @Test
    @Tag("fault-matrix")
    void aKilledDumpToolLeavesNothing() throws Exception {
        Assumptions.assumeTrue(runsDumpTool(), noDumpToolReason());
        Path dumped = contractDir.resolve("dumped");
        Path wrapper = holdingWrapper(dumped);
        Set<String> tempBefore = ownTempEntries();
        SourceSettings slowed = withDumpTool(settings(), wrapper.toString());

        CompletableFuture<Manifest> running = CompletableFuture.supplyAsync(() -> {
            try {
                return backup(slowed);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        Throwable failure;
        try {
            ProcessHandle tool = awaitDumpTool(wrapper, dumped, running);
            List<ProcessHandle> children = tool.descendants().toList();
            tool.destroyForcibly(); // SIGKILL, like the OOM killer: no chance to clean up
            children.forEach(ProcessHandle::destroyForcibly);
            failure = outcome(running);
        } finally {
            wrappers(wrapper).forEach(ProcessHandle::destroyForcibly); // a failed case leaves no holding wrapper behind
        }
        assertThat(failure).as("the backup whose dump tool was killed").isInstanceOf(BackupException.class)
                .hasMessageContaining("SIGKILL");
        assertNothingStored();
        Set<String> tempAfter = ownTempEntries();
        tempAfter.removeAll(tempBefore);
        assertThat(tempAfter).as("temporary files of this process left in %s", tempFolder()).isEmpty();
    }

    @Test
    void aDrillRestoresIntoAScratchPlaceWithTheManifestsRowCountsAndRemovesIt() throws Exception {
        Manifest manifest = backup(settings());
        SourceRecord recorded = manifest.sources().get(0);
        Map<String, Long> expected = new java.util.LinkedHashMap<>();
        recorded.tables().forEach(table -> expected.put(table.name(), table.rows()));

        ScratchTarget scratch = provider().scratch(sourceUri(), settings());
        try (scratch) {
            assertThat(scratch.exists()).as("%s before the restore", scratch).isFalse();
            new BackupRestorer(repository()).restore(manifest.id(), null, scratch.target(), scratch.options());
            assertThat(scratch.exists()).as("%s after the restore", scratch).isTrue();
            assertThat(scratch.rowCounts(recorded.tables())).as("row counts restored into %s", scratch).isEqualTo(expected);
            if (!expected.isEmpty()) {
                String missing = recorded.tables().get(0).name() + "_not_there";
                assertThat(scratch.rowCounts(List.of(new TableRecord(missing, 1)))).containsEntry(missing, -1L);
            }
        }
        assertThat(scratch.exists()).as("%s after close", scratch).isFalse();
        scratch.close(); // twice is harmless
        assertThat(fingerprint(sourceUri())).as("the source after a drill").isNotEmpty();
    }

    @Test
    void redactHidesThePasswordOfAUri() {
        List<String> uris = urisWithPassword(PASSWORD);
        Assumptions.assumeFalse(uris.isEmpty(), getClass().getSimpleName() + "'s URIs hold no password (they name files)");
        for (String uri : uris) {
            assertThat(uri).as("the URI given").contains(PASSWORD);
            assertThat(provider().supports(uri)).as("%s is of the provider's form", provider().redact(uri)).isTrue();
            assertThat(provider().redact(uri)).as("redacted %s", uri.replace(PASSWORD, "<password>"))
                    .isNotBlank().doesNotContain(PASSWORD);
            assertThat(SourceProviders.installed().redact(uri)).doesNotContain(PASSWORD);
        }
    }

    @Test
    void defaultNameOfTheSourceIsAValidSourceName() {
        String name = provider().defaultName(sourceUri());

        assertThat(name).matches(SOURCE_NAME);
        assertThat(provider().source(name, sourceUri(), settings()).name()).isEqualTo(name);
    }

    protected final Manifest backup(SourceSettings settings) throws IOException {
        SourceProvider provider = provider();
        BackupSource source = provider.source(provider.defaultName(sourceUri()), sourceUri(), settings);
        return new BackupEngine(repository(), BackupOptions.defaults().withPartSize(1024 * 1024))
                .backup(List.of(source), Map.of("trigger", "contract"), BackupProgressListener.NONE);
    }

    private void assertNothingStored() {
        assertThat(repository().list().backups()).as("backups listed").isEmpty();
        assertThat(Leftovers.files(storageDir())).as("files in the storage").isEmpty();
    }

    /**
     * A dump tool that runs the real one, marks that it wrote its dump, then holds its output open until
     * killed: the kill always lands on a running tool, after the data, before the tool's exit.
     */
    private Path holdingWrapper(Path dumped) throws IOException {
        Path script = contractDir.resolve("holding-" + Path.of(dumpTool()).getFileName());
        Files.writeString(script, "#!/bin/sh\n"
                + "[ \"$1\" = --version ] && exec '" + dumpTool() + "' --version\n"
                + "'" + dumpTool() + "' \"$@\" || exit $?\n"
                + ": > '" + dumped + "'\n"
                + "i=0; while [ $i -lt 600 ]; do sleep 1 </dev/null >/dev/null 2>&1; i=$((i + 1)); done\n"); // ends by itself if left
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }

    /** The wrapper's process once it has dumped; fails with the backup's error when that ends first. */
    private static ProcessHandle awaitDumpTool(Path wrapper, Path dumped, CompletableFuture<Manifest> running) throws InterruptedException {
        long deadline = System.nanoTime() + TOOL_DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (running.isDone()) {
                fail("The backup ended before its dump tool " + wrapper + " could be killed: " + describe(running));
            }
            if (Files.exists(dumped)) {
                Optional<ProcessHandle> tool = wrappers(wrapper).stream()
                        .filter(p -> p.info().arguments().map(args -> !List.of(args).contains("--version")).orElse(false))
                        .findFirst();
                if (tool.isPresent()) {
                    return tool.get();
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The dump tool " + wrapper + " did not dump and show up among this JVM's child processes within "
                + TOOL_DEADLINE.toSeconds() + " s (dumped: " + Files.exists(dumped) + ")");
    }

    /** This JVM's child processes that run {@code wrapper}. */
    private static List<ProcessHandle> wrappers(Path wrapper) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(args -> List.of(args).contains(wrapper.toString())).orElse(false))
                .toList();
    }

    private static String describe(CompletableFuture<Manifest> running) {
        try {
            return "it returned backup " + running.getNow(null).id();
        } catch (RuntimeException e) {
            return e.getCause() == null ? e.toString() : e.getCause().toString();
        }
    }

    /** How the backup ended, within the deadline: its exception, or null when it succeeded. */
    private static Throwable outcome(CompletableFuture<Manifest> running) throws InterruptedException {
        try {
            running.get(TOOL_DEADLINE.toSeconds(), TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("The backup did not end within " + TOOL_DEADLINE.toSeconds() + " s after its dump tool was killed", e);
        }
    }

    private static Path tempFolder() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** What this JVM keeps in the temp folder (names carry the pid, see TempFiles); other builds share the folder. */
    private static Set<String> ownTempEntries() throws IOException {
        String pid = "-" + ProcessHandle.current().pid() + "-";
        try (Stream<Path> entries = Files.list(tempFolder())) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("embeddedbackup-") && name.contains(pid))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
