package io.github.embeddedbackup.core.storage;

import io.github.embeddedbackup.core.BackupConfigurationException;

/**
 * A storage setting is missing or wrong. The message does not name where the setting came from;
 * callers add their own name for it ({@code --storage-option region=…}, {@code backup.storage.s3.region}).
 *
 * @since 0.2.0
 */
public class InvalidStorageSettingException extends BackupConfigurationException {

    private final String storageType;
    private final String setting;
    private final String problem;
    private final String fix;

    /**
     * @param setting the kebab-case setting name, e.g. {@code part-size}
     * @param problem what is wrong, a sentence
     * @param fix what to do, e.g. {@code use 16MB (the default)}
     */
    public InvalidStorageSettingException(String storageType, String setting, String problem, String fix) {
        super("The " + storageType + " storage setting '" + setting + "' is wrong: " + problem + " Fix: " + fix + ".");
        this.storageType = storageType;
        this.setting = setting;
        this.problem = problem;
        this.fix = fix;
    }

    public String storageType() {
        return storageType;
    }

    public String setting() {
        return setting;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }
}
