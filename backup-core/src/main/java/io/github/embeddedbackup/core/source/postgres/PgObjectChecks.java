package io.github.embeddedbackup.core.source.postgres;

import io.github.embeddedbackup.core.source.ScratchCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A drill's checks of a restored PostgreSQL database against the objects its manifest recorded
 * ({@link PgObjects}): {@code schemas} (every recorded schema is there), {@code sequences} and
 * {@code large objects} (the counts are equal). A backup made before these were recorded gets passing
 * checks that say so: it cannot fail on what it never recorded.
 */
final class PgObjectChecks {

    static final String SCHEMAS = "schemas";
    static final String SEQUENCES = "sequences";
    static final String LARGE_OBJECTS = "large objects";
    static final String NOT_RECORDED = "not recorded in this backup (made by an older version): not compared";
    private static final int NAMES_SHOWN = 20;

    private PgObjectChecks() {}

    /**
     * @param recorded the source's manifest properties
     * @param restored reads the scratch database's objects; called only when something was recorded
     */
    static List<ScratchCheck> check(Map<String, String> recorded, Supplier<PgObjects> restored) {
        List<String> schemas = PgObjects.recordedSchemas(recorded);
        Long sequences = PgObjects.recordedCount(recorded, PgObjects.SEQUENCES);
        Long largeObjects = PgObjects.recordedCount(recorded, PgObjects.LARGE_OBJECTS);
        @Nullable PgObjects found = null;
        String failure = "";
        if (schemas != null || sequences != null || largeObjects != null) {
            try {
                found = restored.get();
            } catch (RuntimeException e) {
                failure = "could not be read from the scratch database: " + e.getMessage();
            }
        }
        List<ScratchCheck> checks = new ArrayList<>();
        checks.add(schemas == null ? ScratchCheck.passed(SCHEMAS, NOT_RECORDED)
                : found == null ? ScratchCheck.failed(SCHEMAS, failure) : schemas(schemas, found.schemas()));
        checks.add(sequences == null ? ScratchCheck.passed(SEQUENCES, NOT_RECORDED)
                : found == null ? ScratchCheck.failed(SEQUENCES, failure) : count(SEQUENCES, "sequence", sequences, found.sequences()));
        checks.add(largeObjects == null ? ScratchCheck.passed(LARGE_OBJECTS, NOT_RECORDED)
                : found == null ? ScratchCheck.failed(LARGE_OBJECTS, failure)
                : count(LARGE_OBJECTS, "large object", largeObjects, found.largeObjects()));
        return checks;
    }

    private static ScratchCheck schemas(List<String> recorded, List<String> restored) {
        List<String> missing = recorded.stream().filter(s -> !restored.contains(s)).toList();
        if (missing.isEmpty()) {
            return ScratchCheck.passed(SCHEMAS, recorded.size() + (recorded.size() == 1 ? " schema" : " schemas")
                    + " recorded, all present" + (recorded.isEmpty() ? "" : ": " + names(recorded)));
        }
        return ScratchCheck.failed(SCHEMAS, (missing.size() == 1 ? "schema " : "schemas ") + names(missing)
                + (missing.size() == 1 ? " is" : " are") + " missing after the restore; the backup recorded " + names(recorded));
    }

    private static ScratchCheck count(String name, String what, long recorded, long restored) {
        if (recorded == restored) {
            return ScratchCheck.passed(name, restored + " " + what + (restored == 1 ? "" : "s") + ", as the backup recorded");
        }
        return ScratchCheck.failed(name, what + " count " + restored + " after the restore, the backup recorded " + recorded);
    }

    private static String names(List<String> names) {
        List<String> shown = names.stream().limit(NAMES_SHOWN).map(PgObjects::listed).toList();
        return String.join(", ", shown) + (names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : "");
    }
}
