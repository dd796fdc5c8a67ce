package io.github.embeddedbackup.core.source.files;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.ExistingTarget;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.ScratchTarget;
import io.github.embeddedbackup.core.source.SourceNames;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code file:} folders: a tar of the tree, restored into an empty or new folder. */
public final class FileTreeSourceProvider implements SourceProvider {

    @Override
    public String type() {
        return FileTreeSource.TYPE;
    }

    @Override
    public List<String> prefixes() {
        return List.of("file:");
    }

    @Override
    public List<String> examples() {
        return List.of("file:/path/to/folder");
    }

    @Override
    public String redact(String uri) {
        return uri;
    }

    @Override
    public String defaultName(String uri) {
        Path folder = folder(uri);
        return SourceNames.sanitize(folder.getFileName() == null ? "files" : folder.getFileName().toString());
    }

    @Override
    public BackupSource source(String name, String uri, SourceSettings settings) {
        return new FileTreeSource(name, folder(uri), settings.includes(), settings.excludes());
    }

    @Override
    public RestoreTarget target(String uri, SourceSettings settings) {
        return new FileTreeRestoreTarget(folder(uri));
    }

    @Override
    public ExistingTarget existing(String name, String uri, SourceSettings settings) {
        Path folder = folder(uri);
        return new ExistingTarget(new FileTreeRestoreTarget(folder), new FileTreeSource(name, folder), () -> Files.exists(folder), false);
    }

    /** {@code file:/abs}, {@code file:///abs} or {@code file:relative}. */
    public static Path folder(String uri) {
        String value = uri.strip();
        String path = value.startsWith("file://") ? value.substring("file://".length()) : value.substring("file:".length());
        if (path.isEmpty()) {
            throw new BackupConfigurationException("'" + value + "' names no folder. Write file:/path/to/folder.");
        }
        return Path.of(path);
    }

    @Override
    public ScratchTarget scratch(String uri, SourceSettings settings) {
        folder(uri); // the URI is still checked
        return new FileTreeScratchTarget();
    }
}
