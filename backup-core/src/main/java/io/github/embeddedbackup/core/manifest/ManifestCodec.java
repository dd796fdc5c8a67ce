package io.github.embeddedbackup.core.manifest;

import io.github.embeddedbackup.core.BackupException;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Reads and writes manifests as JSON, checking the format version before anything else. */
public final class ManifestCodec {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // Later minor revisions of format 1 may add fields; older readers skip them.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ManifestCodec() {}

    public static byte[] write(Manifest manifest) {
        return MAPPER.writeValueAsBytes(manifest);
    }

    /** The details an encrypted manifest seals: every source with its properties and tables, every entry. */
    public record SealedDetails(List<SourceRecord> sources, List<EntryRecord> entries) {}

    public static byte[] writeDetails(SealedDetails details) {
        return MAPPER.writeValueAsBytes(details);
    }

    public static SealedDetails readDetails(byte[] json, String backupId) {
        try {
            return MAPPER.readValue(json, SealedDetails.class);
        } catch (JacksonException e) {
            throw new CorruptManifestException("of backup " + backupId, "its sealed details do not parse (" + e.getOriginalMessage() + ")");
        }
    }

    /**
     * Parses a manifest.
     *
     * @param where the key it was read from, for messages
     * @throws UnsupportedFormatVersionException when its {@code formatVersion} is not 1
     * @throws CorruptManifestException when it is not a valid manifest
     */
    public static Manifest read(byte[] json, String where) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new CorruptManifestException(where, "it is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new CorruptManifestException(where, "it is not a JSON object");
        }
        JsonNode version = tree.get("formatVersion");
        if (version == null || version.isNull()) {
            throw new CorruptManifestException(where, "it has no formatVersion");
        }
        if (!version.isIntegralNumber()) {
            String shown = version.isString() ? "\"" + abbreviate(version.asString()) + "\"" : abbreviate(version.toString());
            throw new CorruptManifestException(where, "formatVersion is not a whole number: " + shown);
        }
        String id = tree.has("id") ? tree.get("id").asString() : where;
        if (version.asInt() != Manifest.FORMAT_VERSION) {
            throw new UnsupportedFormatVersionException(id, version.asInt());
        }
        try {
            // Not treeToValue(JsonNode, Class): Jackson 3.1 API, missing under Spring Boot 4.0 (Jackson 3.0).
            Manifest manifest = MAPPER.readerFor(Manifest.class).readValue(tree);
            if (manifest.id() == null || manifest.archive() == null || (manifest.entries().isEmpty() && manifest.sealed() == null
                    && !manifest.sources().isEmpty())) {
                throw new CorruptManifestException(where, "required fields are missing");
            }
            return manifest;
        } catch (JacksonException | NullPointerException | BackupException e) {
            if (e instanceof CorruptManifestException corrupt) {
                throw corrupt;
            }
            throw new CorruptManifestException(where, "its fields do not match format version 1 (" + e.getMessage() + ")");
        }
    }

    private static String abbreviate(String value) {
        String printable = value.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= 40 ? printable : printable.substring(0, 40) + "…";
    }
}
