package io.github.embeddedbackup.core.source;

import io.github.embeddedbackup.core.BackupConfigurationException;
import io.github.embeddedbackup.core.manifest.TableRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A table name as a user writes it for a partial restore: {@code owners}, {@code public.owners} or
 * {@code "public"."owners"} (the form manifests and the API show). Quoted parts are taken as they
 * are ({@code ""} is a quote); unquoted parts match exactly or, as PostgreSQL folds them, in lower case.
 *
 * @param schema the schema, or {@code null} when the name was not qualified
 * @param name the table
 * @param schemaQuoted whether the schema was written in quotes (then it is matched exactly)
 * @param nameQuoted whether the table was written in quotes
 */
public record TableName(@Nullable String schema, String name, boolean schemaQuoted, boolean nameQuoted) {

    private static final int LISTED_TABLES = 40;

    /** A resolved, exact name. */
    public static TableName of(String schema, String name) {
        return new TableName(schema, name, true, true);
    }

    /**
     * Parses {@code [schema.]table} with optional double quotes around either part.
     *
     * @throws BackupConfigurationException when the text is not such a name
     */
    public static TableName parse(String text) {
        List<String> parts = new ArrayList<>();
        List<Boolean> quoted = new ArrayList<>();
        String value = text == null ? "" : text.strip();
        int i = 0;
        while (true) {
            StringBuilder part = new StringBuilder();
            boolean isQuoted = i < value.length() && value.charAt(i) == '"';
            if (isQuoted) {
                i++;
                boolean closed = false;
                while (i < value.length()) {
                    char c = value.charAt(i++);
                    if (c == '"') {
                        if (i < value.length() && value.charAt(i) == '"') {
                            part.append('"');
                            i++;
                        } else {
                            closed = true;
                            break;
                        }
                    } else {
                        part.append(c);
                    }
                }
                if (!closed) {
                    throw invalid(text, "a quote is not closed");
                }
            } else {
                while (i < value.length() && value.charAt(i) != '.' && value.charAt(i) != '"') {
                    part.append(value.charAt(i++));
                }
            }
            if (part.isEmpty() || (!isQuoted && part.toString().isBlank())) {
                throw invalid(text, "a part of the name is empty");
            }
            parts.add(part.toString());
            quoted.add(isQuoted);
            if (i == value.length()) {
                break;
            }
            if (value.charAt(i) != '.') {
                throw invalid(text, "a quoted part must be followed by '.' or end the name");
            }
            i++;
        }
        if (parts.size() > 2) {
            throw invalid(text, "it has more than two parts; quote a part that contains a dot");
        }
        return parts.size() == 1
                ? new TableName(null, parts.get(0), false, quoted.get(0))
                : new TableName(parts.get(0), parts.get(1), quoted.get(0), quoted.get(1));
    }

    /**
     * Finds every requested name among the tables a backup holds.
     *
     * @param what the backup and source, for the message, e.g. {@code backup 2026… (source 'shop')}
     * @return the exact names, in the order requested, without duplicates
     * @throws BackupConfigurationException naming what was not found (or is ambiguous) and the tables there are
     */
    public static List<TableName> resolve(List<String> requested, List<TableRecord> tables, String what) {
        List<TableName> known = new ArrayList<>();
        for (TableRecord table : tables) {
            known.add(parse(table.name()));
        }
        Set<TableName> resolved = new LinkedHashSet<>();
        List<String> problems = new ArrayList<>();
        for (String text : requested) {
            TableName wanted = parse(text);
            List<TableName> matches = known.stream().filter(wanted::matches).toList();
            if (matches.size() > 1) {
                // An exact (case-sensitive) match wins over a folded one.
                List<TableName> exact = known.stream().filter(wanted::matchesExactly).toList();
                matches = exact.size() == 1 ? exact : matches;
            }
            if (matches.isEmpty()) {
                problems.add("'" + text + "' is not among them");
            } else if (matches.size() > 1) {
                problems.add("'" + text + "' matches " + String.join(", ", matches.stream().map(TableName::toString).toList())
                        + ": qualify it with its schema");
            } else {
                resolved.add(matches.get(0));
            }
        }
        if (!problems.isEmpty()) {
            throw new BackupConfigurationException("Cannot restore only the tables asked for from " + what + ": "
                    + String.join("; ", problems) + ". " + describe(known) + " Nothing was restored.");
        }
        return List.copyOf(resolved);
    }

    private static String describe(List<TableName> known) {
        if (known.isEmpty()) {
            return "The backup holds no tables.";
        }
        List<String> names = known.stream().limit(LISTED_TABLES).map(TableName::toString).toList();
        return "The backup holds " + known.size() + " table" + (known.size() == 1 ? "" : "s") + ": " + String.join(", ", names)
                + (known.size() > LISTED_TABLES ? " and " + (known.size() - LISTED_TABLES) + " more" : "") + ".";
    }

    private boolean matches(TableName table) {
        return part(name, nameQuoted, table.name) && (schema == null || part(schema, schemaQuoted, table.schema));
    }

    private boolean matchesExactly(TableName table) {
        return name.equals(table.name) && (schema == null || schema.equals(table.schema));
    }

    private static boolean part(String wanted, boolean quoted, @Nullable String actual) {
        return wanted.equals(actual) || (!quoted && wanted.toLowerCase(Locale.ROOT).equals(actual));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TableName that && name.equals(that.name) && java.util.Objects.equals(schema, that.schema);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(schema, name);
    }

    /** The quoted form, {@code "public"."owners"}, as manifests write it. */
    @Override
    public String toString() {
        return (schema == null ? "" : quote(schema) + ".") + quote(name);
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private static BackupConfigurationException invalid(String text, String why) {
        return new BackupConfigurationException("'" + text + "' is not a table name (" + why + "). Write table, schema.table or "
                + "\"schema\".\"table\" (quotes keep upper case and dots).");
    }
}
