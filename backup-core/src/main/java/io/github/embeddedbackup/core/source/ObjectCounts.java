package io.github.embeddedbackup.core.source;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What a database holds in words, for a refusal: "3 tables, 1 view"; empty when it holds nothing. */
public final class ObjectCounts {

    private ObjectCounts() {}

    /**
     * @param row a row whose columns 1, 2, … hold the counts
     * @param nouns the singular noun of each column, in order
     */
    public static String describe(ResultSet row, String... nouns) throws SQLException {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < nouns.length; i++) {
            long count = row.getLong(i + 1);
            if (count > 0) {
                parts.add(count + " " + nouns[i] + (count == 1 ? "" : "s"));
            }
        }
        return String.join(", ", parts);
    }
}
