package io.github.embeddedbackup.core.source;

/**
 * The result of one check a restore drill ran on its scratch place.
 *
 * @param name what was checked, e.g. {@code integrity_check} or {@code file docs/a.txt}
 * @param ok whether it passed
 * @param detail what was found, in words (both values on a mismatch)
 * @since 0.2.0
 */
public record ScratchCheck(String name, boolean ok, String detail) {

    public static ScratchCheck passed(String name, String detail) {
        return new ScratchCheck(name, true, detail);
    }

    public static ScratchCheck failed(String name, String detail) {
        return new ScratchCheck(name, false, detail);
    }
}
