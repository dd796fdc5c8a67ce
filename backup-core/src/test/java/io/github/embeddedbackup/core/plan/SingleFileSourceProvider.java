package io.github.embeddedbackup.core.plan;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.manifest.SourceRecord;
import io.github.embeddedbackup.core.source.ArchiveSink;
import io.github.embeddedbackup.core.source.BackupSource;
import io.github.embeddedbackup.core.source.ExistingTarget;
import io.github.embeddedbackup.core.source.RestoreOptions;
import io.github.embeddedbackup.core.source.RestoreTarget;
import io.github.embeddedbackup.core.source.SourceDetails;
import io.github.embeddedbackup.core.source.SourceNames;
import io.github.embeddedbackup.core.source.SourceProvider;
import io.github.embeddedbackup.core.source.SourceSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/** The example of docs/extending.md: {@code onefile:/path} backs up one file (a Redis dump.rdb, a config file). */
public final class SingleFileSourceProvider implements SourceProvider {

    @Override
    public String type() {
        return "onefile";
    }

    @Override
    public List<String> prefixes() {
        return List.of("onefile:");
    }

    @Override
    public List<String> examples() {
        return List.of("onefile:/path/to/file");
    }

    @Override
    public String redact(String uri) {
        return uri; // a path holds no secret
    }

    @Override
    public String defaultName(String uri) {
        return SourceNames.sanitize(file(uri).getFileName().toString());
    }

    @Override
    public BackupSource source(String name, String uri, SourceSettings settings) {
        Path file = file(uri);
        return new BackupSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String type() {
                return "onefile";
            }

            @Override
            public void preflight() {
                if (!Files.isRegularFile(file)) {
                    throw new BackupConfigurationException("The file " + file + " does not exist. Check the onefile: URI.");
                }
            }

            @Override
            public SourceDetails backup(ArchiveSink sink) throws IOException {
                sink.addFile("file", file);
                return new SourceDetails(Map.of("file-name", file.getFileName().toString()), List.of());
            }
        };
    }

    @Override
    public RestoreTarget target(String uri, SourceSettings settings) {
        Path file = file(uri);
        return new RestoreTarget() {
            @Override
            public String describe() {
                return file.toString();
            }

            @Override
            public boolean accepts(SourceRecord source) {
                return source.type().equals("onefile");
            }

            @Override
            public void check(SourceRecord source, RestoreOptions options) {
                if (Files.exists(file) && !options.clean()) {
                    throw new BackupConfigurationException("The file " + file + " exists; restoring would replace it. Choose a new path, "
                            + "or allow replacing it.");
                }
            }

            @Override
            public void restore(SourceRecord source, InputStream entry, RestoreOptions options) throws IOException {
                Path staging = file.resolveSibling("." + file.getFileName() + ".restoring");
                Files.copy(entry, staging, StandardCopyOption.REPLACE_EXISTING); // the stream checks its SHA-256 at its end
                Files.move(staging, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        };
    }

    @Override
    public ExistingTarget existing(String name, String uri, SourceSettings settings) {
        return new ExistingTarget(target(uri, settings), source(name, uri, settings), () -> Files.exists(file(uri)), false);
    }

    private static Path file(String uri) {
        String path = uri.strip().substring("onefile:".length());
        if (path.isEmpty()) {
            throw new BackupConfigurationException("'" + uri + "' names no file. Write onefile:/path/to/file.");
        }
        return Path.of(path);
    }
}
