package io.github.embeddedbackup.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ManifestCodecTests {

    static Manifest sample() {
        return new Manifest(1, "20261121T020000Z-7f3a9c", Instant.parse("2026-11-21T02:00:00.123Z"), Instant.parse("2026-11-21T02:01:00Z"),
                Map.of("trigger", "schedule"), "0.1.0",
                List.of(new SourceRecord("main", "postgresql", List.of("main/database.dump"), Map.of("serverVersion", "15.20"),
                        List.of(new TableRecord("\"public\".\"t\"", 3)))),
                List.of(new EntryRecord("main/database.dump", 10, "ab".repeat(32), 1)),
                new ArchiveRecord("archives/20261121T020000Z-7f3a9c.tar.zst", 5, "cd".repeat(32), "zstd", null, null), null);
    }

    @Test
    void roundTripsAndWritesTheVersionFirstWithIsoTimes() {
        byte[] json = ManifestCodec.write(sample());
        String text = new String(json, StandardCharsets.UTF_8);

        assertThat(text.trim()).startsWith("{\n  \"formatVersion\" : 1,");
        assertThat(text).contains("\"startedAt\" : \"2026-11-21T02:00:00.123Z\"").doesNotContain("encryption");
        assertThat(ManifestCodec.read(json, "test")).isEqualTo(sample());
    }

    @Test
    void unknownFieldsOfALaterRevisionAreIgnored() {
        String text = new String(ManifestCodec.write(sample()), StandardCharsets.UTF_8).replace("\"formatVersion\" : 1,",
                "\"formatVersion\" : 1, \"addedLater\" : {\"x\": 1},");
        assertThat(ManifestCodec.read(text.getBytes(StandardCharsets.UTF_8), "test").id()).isEqualTo(sample().id());
    }

    @Test
    void otherVersionsAndBrokenDocumentsAreRefused() {
        assertThatThrownBy(() -> ManifestCodec.read("{\"formatVersion\": 3, \"id\": \"x\"}".getBytes(StandardCharsets.UTF_8), "m"))
                .isInstanceOf(UnsupportedFormatVersionException.class)
                .hasMessageContaining("format version 3")
                .hasMessageContaining("reads format version 1");
        assertThatThrownBy(() -> ManifestCodec.read("[]".getBytes(StandardCharsets.UTF_8), "m")).isInstanceOf(CorruptManifestException.class);
        assertThatThrownBy(() -> ManifestCodec.read("{}".getBytes(StandardCharsets.UTF_8), "m"))
                .isInstanceOf(CorruptManifestException.class)
                .hasMessageContaining("no formatVersion");
        assertThatThrownBy(() -> ManifestCodec.read("{\"formatVersion\": 1}".getBytes(StandardCharsets.UTF_8), "m"))
                .isInstanceOf(CorruptManifestException.class);
    }
}
