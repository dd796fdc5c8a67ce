package io.github.embeddedbackup.core.drill;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One check of a drill.
 *
 * @param source the backup's source it concerns
 * @param name what was checked: {@code restore}, {@code rows "public"."orders"}, {@code integrity_check}, {@code files}, …
 * @param ok whether it passed
 * @param detail what was found, in words; a failed row count names both counts
 */
@JsonPropertyOrder({"source", "name", "ok", "detail"})
public record DrillCheck(String source, String name, boolean ok, String detail) {

    static DrillCheck passed(String source, String name, String detail) {
        return new DrillCheck(source, name, true, detail);
    }

    static DrillCheck failed(String source, String name, String detail) {
        return new DrillCheck(source, name, false, detail);
    }
}
