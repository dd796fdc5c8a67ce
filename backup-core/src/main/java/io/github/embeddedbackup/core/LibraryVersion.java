package io.github.embeddedbackup.core;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of this library, recorded in every manifest. */
public final class LibraryVersion {

    private static final String VERSION = load();

    private LibraryVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = LibraryVersion.class.getResourceAsStream("/META-INF/embeddedbackup/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
