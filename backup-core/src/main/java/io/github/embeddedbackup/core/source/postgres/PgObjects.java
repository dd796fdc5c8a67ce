package io.github.embeddedbackup.core.source.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The database objects besides table rows that a drill compares: the non-system schemas, the number
 * of sequences in them and the number of large objects. Read once in the dump's snapshot (recorded in
 * the manifest's properties) and once in the drill's scratch database, with the same queries.
 *
 * <p>{@code pg_dump} without {@code --schema}/{@code --table} (as this library runs it) dumps every
 * non-system schema and includes the large objects, so what is read here is what the dump holds.
 *
 * @param schemas the schema names, sorted
 * @param sequences how many sequences those schemas hold
 * @param largeObjects how many large objects the database holds
 */
record PgObjects(List<String> schemas, long sequences, long largeObjects) {

    static final String SCHEMAS = "schemas";
    static final String SEQUENCES = "sequences";
    static final String LARGE_OBJECTS = "largeObjects";

    /** The schemas pg_dump dumps: all but the catalogs, information_schema, TOAST and temporary ones. */
    private static final String USER_SCHEMA = "n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'";

    PgObjects {
        schemas = List.copyOf(new TreeSet<>(schemas));
    }

    /** Reads them in {@code conn}'s current transaction (its snapshot). */
    static PgObjects read(Connection conn) throws SQLException {
        List<String> schemas = new ArrayList<>();
        try (Statement statement = conn.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select n.nspname from pg_namespace n where " + USER_SCHEMA)) {
                while (rs.next()) {
                    schemas.add(rs.getString(1));
                }
            }
            long sequences = count(statement, "select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                    + "where c.relkind = 'S' and " + USER_SCHEMA);
            long largeObjects = count(statement, "select count(*) from pg_largeobject_metadata");
            return new PgObjects(schemas, sequences, largeObjects);
        }
    }

    private static long count(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The manifest properties: {@code schemas} (comma-separated), {@code sequences}, {@code largeObjects}. */
    Map<String, String> properties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(SCHEMAS, String.join(",", schemas.stream().map(PgObjects::listed).toList()));
        properties.put(SEQUENCES, Long.toString(sequences));
        properties.put(LARGE_OBJECTS, Long.toString(largeObjects));
        return properties;
    }

    /** The recorded schemas, or null when the manifest predates them (or the value is damaged). */
    static @Nullable List<String> recordedSchemas(Map<String, String> properties) {
        String value = properties.get(SCHEMAS);
        return value == null ? null : parseList(value);
    }

    /** A recorded count, or null when the manifest predates it (or the value is no count). */
    static @Nullable Long recordedCount(Map<String, String> properties, String key) {
        String value = properties.get(key);
        if (value == null) {
            return null;
        }
        try {
            long count = Long.parseLong(value.trim());
            return count < 0 ? null : count;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A name as listed: plain, or in double quotes (doubled inside) when it holds a comma, a quote or edge spaces. */
    static String listed(String name) {
        boolean plain = !name.isEmpty() && name.indexOf(',') < 0 && name.indexOf('"') < 0 && name.strip().equals(name);
        return plain ? name : PgTools.quoteIdentifier(name);
    }

    /** Reads a list written by {@link #properties()}; null when it is malformed. */
    static @Nullable List<String> parseList(String value) {
        List<String> names = new ArrayList<>();
        if (value.isEmpty()) {
            return names;
        }
        int i = 0;
        while (true) {
            StringBuilder name = new StringBuilder();
            if (i < value.length() && value.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= value.length()) {
                        return null; // an unclosed quote
                    }
                    char c = value.charAt(i++);
                    if (c == '"') {
                        if (i < value.length() && value.charAt(i) == '"') {
                            name.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        name.append(c);
                    }
                }
            } else {
                while (i < value.length() && value.charAt(i) != ',') {
                    name.append(value.charAt(i++));
                }
            }
            names.add(name.toString());
            if (i == value.length()) {
                return names;
            }
            if (value.charAt(i) != ',') {
                return null;
            }
            i++;
        }
    }
}
