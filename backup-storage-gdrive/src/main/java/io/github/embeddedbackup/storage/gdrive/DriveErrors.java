package io.github.embeddedbackup.storage.gdrive;

import io.github.embeddedbackup.core.storage.StorageException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns what Drive answered into one actionable message, in one place: the quota trap of service
 * accounts, a folder not shared, a refused credential, an unreachable endpoint. Messages carry Drive's
 * own error text and reason, never a request URL (a resumable session URI is a bearer capability) or a token.
 */
final class DriveErrors {

    private static final Pattern REASON = Pattern.compile("\"reason\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern MESSAGE = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final String storage;
    private final String folderId;
    private final String credentialSource;

    /**
     * @param storage the storage's {@code describe()}
     * @param credentialSource which settings gave the credentials, e.g. {@code client-id, client-secret and refresh-token}
     */
    DriveErrors(String storage, String folderId, String credentialSource) {
        this.storage = storage;
        this.folderId = folderId;
        this.credentialSource = credentialSource;
    }

    /** The {@code reason} of Drive's JSON error body, or empty. */
    static String reason(@Nullable String body) {
        if (body == null) {
            return "";
        }
        Matcher matcher = REASON.matcher(body);
        return matcher.find() ? matcher.group(1) : "";
    }

    /** Worth another attempt: rate limits, 429, 5xx and network failures (not a refused credential). */
    static boolean retryable(int status, String reason) {
        return status == 429 || status >= 500 || status == 408
                || status == 403 && ("rateLimitExceeded".equals(reason) || "userRateLimitExceeded".equals(reason));
    }

    /** A failed HTTP answer of Drive. */
    StorageException http(String action, @Nullable String key, int status, @Nullable String body, @Nullable Throwable cause) {
        String where = storage + (key == null ? "" : key);
        String reason = reason(body);
        String text = body == null ? "" : message(body);
        String prefix = "Cannot " + action + " " + where + ": ";
        if (status == 403 && text.contains("Service Accounts do not have storage quota")) {
            return new StorageException(prefix + "Google Drive refused the upload for lack of storage quota (" + text + "). A service "
                    + "account has no storage quota of its own: put the folder '" + folderId + "' in a Shared Drive (Google Workspace) and "
                    + "add the service account to that Shared Drive as a member (Manager, or Content manager), or use a user's OAuth "
                    + "refresh token instead (settings client-id, client-secret, refresh-token).", storage, key, cause);
        }
        if (status == 403 && "storageQuotaExceeded".equals(reason)) {
            return new StorageException(prefix + "the storage of the drive that holds the folder '" + folderId + "' is full (" + text
                    + "). Free space in it (retention settings, the trash) or buy more storage. If the backup runs as a service account "
                    + "outside a Shared Drive, that account has no storage of its own: see docs/storage-gdrive.md.", storage, key, cause);
        }
        if (status == 403 && ("teamDriveFileLimitExceeded".equals(reason) || "numChildrenInNonRootLimitExceeded".equals(reason))) {
            return new StorageException(prefix + "the Shared Drive or folder holds as many items as Google Drive allows (" + reason + "). "
                    + "Let retention remove old backups, empty the trash, or use another folder.", storage, key, cause);
        }
        if (status == 403 && ("accessNotConfigured".equals(reason) || text.contains("has not been used in project")
                || text.contains("is disabled"))) {
            return new StorageException(prefix + "the Google Drive API is not enabled in the Google Cloud project of the credentials ("
                    + text + "). Enable it: Google Cloud console, APIs & Services, Library, Google Drive API.", storage, key, cause);
        }
        if (status == 403 && "userRateLimitExceeded".equals(reason) && ("upload".equals(action) || "write".equals(action))) {
            return new StorageException(prefix + "Google Drive still refuses uploads after the retries (" + reason + ": " + text + "). "
                    + "Besides a short rate limit this is how Drive enforces its limit of 750 GB uploaded per account in 24 hours, which "
                    + "no retry gets past: wait, back up less often or less data, or spread backups over accounts.", storage, key, cause);
        }
        if (status == 404) {
            return new StorageException(prefix + "Google Drive found no folder or file (" + text + "). Check the folder id '" + folderId
                    + "' (setting folder-id, the last part of the folder's URL), and share the folder with the account the backup "
                    + "runs as (in a Shared Drive: add the service account to the Shared Drive as a member, Manager or Content manager; "
                    + "in a personal drive: share the folder with it as Editor).", storage, key, cause);
        }
        if (status == 401) {
            return credentials(action, key, "Google Drive rejected the access token (401)", cause);
        }
        if (status == 403) {
            return new StorageException(prefix + "access denied (" + reason + ": " + text + "). Share the folder '" + folderId
                    + "' with the account the backup runs as, with a role that may add and delete files (in a Shared Drive Content "
                    + "manager to add, Manager to delete permanently; Editor in a personal drive); the credentials need the scope "
                    + "https://www.googleapis.com/auth/drive.",
                    storage, key, cause);
        }
        if (status == 429 || status == 403 || status >= 500) {
            return new StorageException(prefix + "Google Drive is still busy or failing after the retries (" + status
                    + (reason.isEmpty() ? "" : " " + reason) + ": " + text + "). Try again later; raise max-attempts to wait longer.",
                    storage, key, cause);
        }
        return new StorageException(prefix + "Google Drive answered " + status + (reason.isEmpty() ? "" : " " + reason) + ": " + text + ".",
                storage, key, cause);
    }

    /** A failure without an HTTP answer: the token endpoint refused, the endpoint is unreachable or silent. */
    StorageException io(String action, @Nullable String key, IOException e) {
        String where = storage + (key == null ? "" : key);
        if (isCredentialFailure(e) && unreachable(e)) {
            return new StorageException("Cannot " + action + " " + where + ": Google's OAuth token endpoint cannot be reached to get an "
                    + "access token. Check the network and the proxy, and the setting token-url if it is set.", storage, key, e);
        }
        if (isCredentialFailure(e)) {
            return credentials(action, key, "Google's token endpoint refused the credentials" + grant(e), e);
        }
        if (e instanceof SocketTimeoutException) {
            return new StorageException("Cannot " + action + " " + where + ": Google Drive did not answer within the timeout (setting "
                    + "timeout). Check the network and proxy, or raise timeout.", storage, key, e);
        }
        if (e instanceof ConnectException || e instanceof UnknownHostException) {
            return new StorageException("Cannot " + action + " " + where + ": Google Drive cannot be reached (" + e.getClass().getSimpleName()
                    + "). Check the network, the proxy and the setting root-url.", storage, key, e);
        }
        return new StorageException("Cannot " + action + " " + where + ": the connection to Google Drive failed (" + e.getClass().getSimpleName()
                + "). Check the network, or try again.", storage, key, e);
    }

    private StorageException credentials(String action, @Nullable String key, String what, @Nullable Throwable cause) {
        return new StorageException("Cannot " + action + " " + storage + (key == null ? "" : key) + ": " + what + ". Check " + credentialSource
                + ": a revoked or expired refresh token (invalid_grant) needs a new one; a service account key that was deleted needs "
                + "a new key file.", storage, key, cause);
    }

    private static boolean unreachable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    static boolean isCredentialFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getClass().getName().startsWith("com.google.auth.")) { // GoogleAuthException, package-private: the token endpoint failed
                return true;
            }
        }
        return false;
    }

    /** The OAuth error code (invalid_grant, invalid_client), never the response's other text. */
    private static String grant(Throwable e) {
        String text = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        for (String code : new String[] {"invalid_grant", "invalid_client", "unauthorized_client", "invalid_scope"}) {
            if (text.contains(code)) {
                return " (" + code + ")";
            }
        }
        return "";
    }

    private static String message(String body) {
        Matcher matcher = MESSAGE.matcher(body);
        return matcher.find() ? matcher.group(1).replace("\\\"", "\"") : body.length() > 200 ? body.substring(0, 200) : body;
    }
}
