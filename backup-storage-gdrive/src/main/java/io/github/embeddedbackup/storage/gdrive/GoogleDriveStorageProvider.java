package io.github.embeddedbackup.storage.gdrive;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.drive.Drive;
import com.google.auth.http.HttpCredentialsAdapter;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.UserCredentials;
import io.github.embeddedbackup.core.storage.BackupStorage;
import io.github.embeddedbackup.core.storage.InvalidStorageSettingException;
import io.github.embeddedbackup.core.storage.StorageProvider;
import io.github.embeddedbackup.core.storage.StorageSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * {@code gdrive}: {@code gdrive://FOLDER_ID/prefix}. Credentials, the first that applies: the
 * application's {@link Drive} client when no credential setting is given; a user's OAuth refresh token
 * ({@code client-id}, {@code client-secret}, {@code refresh-token}, or GOOGLE_DRIVE_CLIENT_ID,
 * GOOGLE_DRIVE_CLIENT_SECRET, GOOGLE_DRIVE_REFRESH_TOKEN, and {@code token-url} or GOOGLE_DRIVE_TOKEN_URL); a service account key file
 * ({@code credentials-file}, else Google's application default credentials), scoped to the full
 * {@code drive} scope because the folder was made by a person, not by this client.
 */
public final class GoogleDriveStorageProvider implements StorageProvider {

    public static final String SCOPE = "https://www.googleapis.com/auth/drive";
    public static final String DEFAULT_ROOT_URL = "https://www.googleapis.com/";
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private final UnaryOperator<@Nullable String> env;

    public GoogleDriveStorageProvider() {
        this(System::getenv);
    }

    /** @param env the environment, replaceable in tests */
    GoogleDriveStorageProvider(UnaryOperator<@Nullable String> env) {
        this.env = env;
    }

    @Override
    public String type() {
        return "gdrive";
    }

    @Override
    public List<String> schemes() {
        return List.of("gdrive");
    }

    @Override
    public List<String> examples() {
        return List.of("gdrive://FOLDER_ID/prefix");
    }

    @Override
    public Set<String> settingNames() {
        return Set.of("folder-id", "prefix", "credentials-file", "client-id", "client-secret", "refresh-token", "chunk-size", "root-url",
                "token-url", "timeout", "max-attempts");
    }

    @Override
    public Map<String, String> settingsFromUri(String uri) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        StorageSettings.bucketAndPrefix(uri, "gdrive", "gdrive").forEach((name, value) -> settings.put(name.equals("bucket") ? "folder-id" : name, value));
        return settings;
    }

    /** The variables {@link #credentials} reads when a setting is not given; credentials-file falls back to Google's own. */
    @Override
    public Optional<String> environmentVariable(String setting) {
        return Optional.ofNullable(switch (setting) {
            case "client-id" -> "GOOGLE_DRIVE_CLIENT_ID";
            case "client-secret" -> "GOOGLE_DRIVE_CLIENT_SECRET";
            case "refresh-token" -> "GOOGLE_DRIVE_REFRESH_TOKEN";
            case "token-url" -> "GOOGLE_DRIVE_TOKEN_URL";
            case "credentials-file" -> "GOOGLE_APPLICATION_CREDENTIALS";
            default -> null;
        });
    }

    @Override
    public BackupStorage open(StorageSettings settings) {
        String folderId = settings.required("folder-id", "the id at the end of the folder's URL, https://drive.google.com/drive/folders/FOLDER_ID");
        long chunkSize = settings.bytes("chunk-size", GoogleDriveBackupStorage.DEFAULT_CHUNK_SIZE, GoogleDriveBackupStorage.CHUNK_UNIT,
                512L * 1024 * 1024);
        if (chunkSize % GoogleDriveBackupStorage.CHUNK_UNIT != 0) {
            throw new InvalidStorageSettingException("gdrive", "chunk-size", "Google Drive takes upload chunks in multiples of 256KB, but it was "
                    + settings.get("chunk-size") + ".", "use a multiple of 256KB, e.g. 8MB (the default)");
        }
        String attemptsText = settings.get("max-attempts", Integer.toString(GoogleDriveBackupStorage.DEFAULT_MAX_ATTEMPTS));
        int maxAttempts;
        try {
            maxAttempts = Integer.parseInt(attemptsText);
        } catch (NumberFormatException e) {
            maxAttempts = 0;
        }
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new InvalidStorageSettingException("gdrive", "max-attempts", "it must be a whole number from 1 to 20, but was " + attemptsText + ".",
                    "use e.g. " + GoogleDriveBackupStorage.DEFAULT_MAX_ATTEMPTS + " (the default)");
        }
        Duration timeout = settings.duration("timeout", DEFAULT_TIMEOUT);
        String rootUrl = settings.get("root-url", DEFAULT_ROOT_URL);
        rootUrl = rootUrl.endsWith("/") ? rootUrl : rootUrl + "/";

        Credential credential = credentials(settings);
        Drive drive = credential.shared != null ? credential.shared : client(credential.credentials, rootUrl, timeout);
        return new GoogleDriveBackupStorage(drive, folderId, settings.get("prefix", ""), (int) chunkSize, maxAttempts, credential.source);
    }

    private record Credential(@Nullable Drive shared, @Nullable GoogleCredentials credentials, String source) {}

    private Credential credentials(StorageSettings settings) {
        String clientId = setting(settings, "client-id", "GOOGLE_DRIVE_CLIENT_ID");
        String clientSecret = setting(settings, "client-secret", "GOOGLE_DRIVE_CLIENT_SECRET");
        String refreshToken = setting(settings, "refresh-token", "GOOGLE_DRIVE_REFRESH_TOKEN");
        String file = settings.get("credentials-file");
        boolean anyGiven = file != null || settings.get("client-id") != null || settings.get("client-secret") != null
                || settings.get("refresh-token") != null;
        if (!anyGiven) {
            Optional<Drive> shared = settings.shared().find(Drive.class);
            if (shared.isPresent()) {
                return new Credential(shared.get(), null, "the application's Drive client");
            }
        }
        if (file == null && (clientId != null || clientSecret != null || refreshToken != null)) {
            for (String[] part : new String[][] {{"client-id", clientId}, {"client-secret", clientSecret}, {"refresh-token", refreshToken}}) {
                if (part[1] == null) {
                    throw new InvalidStorageSettingException("gdrive", part[0], "a user's OAuth credentials need client-id, client-secret and "
                            + "refresh-token, and this one is not set.", "set " + part[0] + " (or GOOGLE_DRIVE_" + part[0].toUpperCase(java.util.Locale.ROOT)
                            .replace('-', '_') + "), or use a service account key file with credentials-file");
                }
            }
            UserCredentials.Builder user = UserCredentials.newBuilder().setClientId(clientId).setClientSecret(clientSecret)
                    .setRefreshToken(refreshToken);
            // Also from the environment: a CLI refuses -o for names that look secret, and "token-url" does.
            String tokenUrl = setting(settings, "token-url", "GOOGLE_DRIVE_TOKEN_URL");
            if (tokenUrl != null) {
                user.setTokenServerUri(URI.create(tokenUrl));
            }
            return new Credential(null, user.build(), "the user OAuth settings client-id, client-secret and refresh-token");
        }
        if (file != null) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new InvalidStorageSettingException("gdrive", "credentials-file", "the file " + path.toAbsolutePath() + " cannot be read.",
                        "give the path of the service account's JSON key file");
            }
            try (InputStream in = Files.newInputStream(path)) {
                return new Credential(null, GoogleCredentials.fromStream(in).createScoped(SCOPE), "the service account key file (credentials-file "
                        + path.toAbsolutePath() + ")");
            } catch (IOException | RuntimeException e) {
                throw new InvalidStorageSettingException("gdrive", "credentials-file", "the file " + path.toAbsolutePath()
                        + " is not a Google credentials JSON file (" + e.getClass().getSimpleName() + ").",
                        "download a JSON key of the service account (IAM, Service accounts, Keys, Add key)");
            }
        }
        try {
            return new Credential(null, GoogleCredentials.getApplicationDefault().createScoped(SCOPE),
                    "Google's application default credentials (GOOGLE_APPLICATION_CREDENTIALS)");
        } catch (IOException | RuntimeException e) {
            throw new InvalidStorageSettingException("gdrive", "credentials-file", "no Google credentials were given or found.",
                    "set client-id, client-secret and refresh-token (a user's OAuth refresh token, for a personal drive; or "
                            + "GOOGLE_DRIVE_CLIENT_ID, GOOGLE_DRIVE_CLIENT_SECRET, GOOGLE_DRIVE_REFRESH_TOKEN), or credentials-file "
                            + "(a service account key file, for a Shared Drive; or GOOGLE_APPLICATION_CREDENTIALS)");
        }
    }

    private @Nullable String setting(StorageSettings settings, String name, String variable) {
        String value = settings.get(name);
        if (value != null) {
            return value;
        }
        String fromEnv = env.apply(variable);
        return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
    }

    /** A Drive client on {@code rootUrl} with these credentials, connect and read timeouts. */
    static Drive client(@Nullable GoogleCredentials credentials, String rootUrl, Duration timeout) {
        HttpTransport transport = new NetHttpTransport();
        HttpCredentialsAdapter adapter = credentials == null ? null : new HttpCredentialsAdapter(credentials);
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        HttpRequestInitializer initializer = request -> {
            if (adapter != null) {
                adapter.initialize(request);
            }
            request.setConnectTimeout(millis).setReadTimeout(millis);
        };
        return new Drive.Builder(transport, GsonFactory.getDefaultInstance(), initializer).setRootUrl(rootUrl)
                .setApplicationName("embedded-backup").build();
    }
}
