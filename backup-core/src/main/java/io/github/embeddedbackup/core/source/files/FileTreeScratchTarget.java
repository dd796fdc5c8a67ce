package io.github.embeddedbackup.core.source.files;

import io.github.embeddedbackup.core.manifest.TableRecord;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.TempFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A new folder in a private temporary folder (mode 700), removed by {@link #close()}. Folders have no tables to count. */
final class FileTreeScratchTarget implements ScratchTarget {

    private final Path directory;
    private final Path folder;

    FileTreeScratchTarget() {
        this.directory = TempFiles.drillDirectory();
        this.folder = directory.resolve("drill");
    }

    @Override
    public RestoreTarget target() {
        return new FileTreeRestoreTarget(folder);
    }

    @Override
    public RestoreOptions options() {
        return RestoreOptions.defaults();
    }

    @Override
    public Map<String, Long> rowCounts(List<TableRecord> tables) {
        return Map.of();
    }

    @Override
    public boolean exists() {
        return Files.exists(folder);
    }

    @Override
    public void close() {
        TempFiles.deleteRecursively(directory);
    }

    @Override
    public String toString() {
        return "scratch folder " + folder;
    }
}
