package io.github.embeddedbackup.core.drill;

import io.github.embeddedbackup.core.BackupException;
import io.github.embeddedbackup.core.BackupId;
import io.github.embeddedbackup.core.repository.BackupRepository;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.ObjectInfo;
import io.github.embeddedbackup.core.storage.ObjectNotFoundException;
import io.github.embeddedbackup.core.storage.StorageWriter;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The drill records in a storage, next to the manifests:
 *
 * <pre>
 * drills/{backupId}/{yyyyMMdd'T'HHmmss'Z'}.json   one per drill, named by when it started (UTC)
 * </pre>
 *
 * A record that cannot be read is skipped with a warning naming it and why; it never fails a listing.
 */
public final class DrillRecords {

    public static final String DRILLS = BackupRepository.DRILLS;
    private static final String SUFFIX = ".json";
    private static final int MAX_RECORD_BYTES = 4 * 1024 * 1024;
    private static final DateTimeFormatter KEY_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // later versions may add fields
            .build();
    private static final Logger logger = LoggerFactory.getLogger(DrillRecords.class);

    private final BackupStorage storage;

    public DrillRecords(BackupStorage storage) {
        this.storage = storage;
    }

    /** The key a record is stored under. */
    public static String key(DrillRecord record) {
        return DRILLS + new BackupId(record.backupId()).value() + "/" + KEY_TIME.format(record.drilledAt()) + SUFFIX;
    }

    /**
     * Stores a record with the storage's writer, so it appears whole or not at all.
     *
     * @return its key
     */
    public String save(DrillRecord record) {
        String key = key(record);
        StorageWriter writer = storage.openWriter(key);
        try (writer) {
            writer.write(MAPPER.writeValueAsBytes(record));
        } catch (IOException | RuntimeException e) {
            writer.abort();
            throw new BackupException("The drill record of backup " + record.backupId() + " could not be written to " + storage.describe()
                    + " as '" + key + "': " + e.getMessage(), e);
        }
        return key;
    }

    /** The newest readable record of a backup's drills; damaged records are skipped (and logged). */
    public Optional<DrillRecord> lastDrill(String backupId) {
        String prefix = DRILLS + new BackupId(backupId).value() + "/";
        List<ObjectInfo> objects = new ArrayList<>(storage.list(prefix));
        objects.sort(Comparator.comparing(ObjectInfo::key).reversed()); // the key's time sorts as text
        for (ObjectInfo object : objects) {
            if (!object.key().endsWith(SUFFIX)) {
                continue;
            }
            try {
                DrillRecord record = read(object.key());
                if (!backupId.equals(record.backupId())) {
                    logger.warn("Drill record skipped. key: {}, storage: {}, reason: it names backup {}", object.key(), storage.describe(),
                            record.backupId());
                    continue;
                }
                return Optional.of(record);
            } catch (DamagedRecordException e) {
                logger.warn("Drill record skipped. key: {}, storage: {}, reason: {}", object.key(), storage.describe(), e.getMessage());
            } catch (ObjectNotFoundException e) {
                // deleted while we listed
            }
        }
        return Optional.empty();
    }

    /** The newest readable drill record of any backup, by the time of the drill; damaged records are skipped (and logged). */
    public Optional<DrillRecord> newest() {
        List<String> keys = new ArrayList<>();
        for (ObjectInfo object : storage.list(DRILLS)) {
            if (object.key().endsWith(SUFFIX)) {
                keys.add(object.key());
            }
        }
        // DRILLS + backupId + "/" + time + SUFFIX: the file name's time sorts as text.
        keys.sort(Comparator.comparing((String key) -> key.substring(key.lastIndexOf('/') + 1)).reversed());
        for (String key : keys) {
            try {
                return Optional.of(read(key));
            } catch (DamagedRecordException e) {
                logger.warn("Drill record skipped. key: {}, storage: {}, reason: {}", key, storage.describe(), e.getMessage());
            } catch (ObjectNotFoundException e) {
                // deleted while we listed
            }
        }
        return Optional.empty();
    }

    /**
     * The newest readable record of each of these backups' drills, with one listing of the drill records
     * (a page of backups costs one list and one read per drilled backup, not one list per backup).
     */
    public Map<String, DrillRecord> lastDrills(Collection<String> backupIds) {
        if (backupIds.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> keysByBackup = new HashMap<>();
        for (ObjectInfo object : storage.list(DRILLS)) {
            String rest = object.key().substring(DRILLS.length());
            int slash = rest.indexOf('/');
            if (slash > 0 && object.key().endsWith(SUFFIX) && backupIds.contains(rest.substring(0, slash))) {
                keysByBackup.computeIfAbsent(rest.substring(0, slash), id -> new ArrayList<>()).add(object.key());
            }
        }
        Map<String, DrillRecord> last = new LinkedHashMap<>();
        keysByBackup.forEach((backupId, keys) -> {
            keys.sort(Comparator.reverseOrder()); // the key's time sorts as text
            for (String key : keys) {
                try {
                    DrillRecord record = read(key);
                    if (backupId.equals(record.backupId())) {
                        last.put(backupId, record);
                        return;
                    }
                    logger.warn("Drill record skipped. key: {}, storage: {}, reason: it names backup {}", key, storage.describe(), record.backupId());
                } catch (DamagedRecordException e) {
                    logger.warn("Drill record skipped. key: {}, storage: {}, reason: {}", key, storage.describe(), e.getMessage());
                } catch (ObjectNotFoundException e) {
                    // deleted while we listed
                }
            }
        });
        return last;
    }

    private DrillRecord read(String key) {
        byte[] json;
        try (InputStream in = storage.openReader(key)) {
            json = in.readNBytes(MAX_RECORD_BYTES);
        } catch (IOException e) {
            throw new DamagedRecordException("it could not be read: " + e.getMessage());
        }
        try {
            DrillRecord record = MAPPER.readValue(json, DrillRecord.class);
            if (record == null || record.backupId() == null || record.drilledAt() == null) {
                throw new DamagedRecordException("it lacks backupId or drilledAt");
            }
            return record;
        } catch (JacksonException e) {
            throw new DamagedRecordException("it does not parse as a drill record (" + e.getOriginalMessage() + ")");
        }
    }

    /** A record that is there but cannot be used. */
    private static final class DamagedRecordException extends RuntimeException {
        DamagedRecordException(String reason) {
            super(reason);
        }
    }
}
