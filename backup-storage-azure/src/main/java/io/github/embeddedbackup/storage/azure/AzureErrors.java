package io.github.embeddedbackup.storage.azure;

import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import io.github.embeddedbackup.core.storage.StorageException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns what the Azure SDK throws into one actionable {@link StorageException}: the role to grant, the
 * container to create, the endpoint that cannot be reached, the timeout setting to raise. The only place
 * that reads SDK errors, so that every message is stripped of query strings (a SAS) the same way.
 */
final class AzureErrors {

    static final String ROLE = "Storage Blob Data Contributor";

    private final String storage;
    private final String container;
    private final String account;
    private final String endpoint;
    private final String credential;
    private final Duration timeout;

    AzureErrors(String storage, String container, String account, String endpoint, String credential, Duration timeout) {
        this.storage = storage;
        this.container = container;
        this.account = account;
        this.endpoint = withoutQuery(endpoint);
        this.credential = credential;
        this.timeout = timeout;
    }

    /** @param action what was tried, e.g. {@code write}; @param key the key, or null for the container */
    StorageException failure(String action, @Nullable String key, Throwable e) {
        String start = "Cannot " + action + (key == null ? " " : " '" + key + "' in ") + storage + ": ";
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BlobStorageException blob) { // also inside the IOException of a read
                return new StorageException(start + forStatus(blob), storage, key, e);
            }
            if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof UnresolvedAddressException || cause instanceof NoRouteToHostException) {
                return new StorageException(start + "the endpoint " + endpoint + " cannot be reached (" + cause.getClass().getSimpleName()
                        + "). Check the setting 'endpoint' (or 'account', or the connection string), DNS, the firewall and that "
                        + "the storage account exists.", storage, key, e);
            }
            if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
                return new StorageException(start + "the endpoint " + endpoint + " did not answer within the timeout (" + timeout
                        + " per request, the setting 'timeout'). Raise 'timeout' for a slow link, or lower 'block-size'.", storage, key, e);
            }
        }
        return new StorageException(start + withoutQuery(String.valueOf(e.getMessage())) + " (" + e.getClass().getSimpleName() + ").",
                storage, key, e);
    }

    private String forStatus(BlobStorageException e) {
        BlobErrorCode code = e.getErrorCode();
        int status = e.getStatusCode();
        if (status == 403 || status == 401) {
            return "access denied (" + status + " " + code + "). The identity needs the role '" + ROLE + "' on the container '" + container
                    + "' or the storage account '" + account + "' (az role assignment create --role \"" + ROLE + "\" --assignee …"
                    + " --scope …/storageAccounts/" + account + "/blobServices/default/containers/" + container + "). Credentials came from "
                    + credential + ": check that the key belongs to the account, or that the SAS token allows read, write, delete and "
                    + "list (sp=rwdl) and has not expired.";
        }
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code) || status == 404 && code == null) {
            return "the container '" + container + "' does not exist at " + endpoint + ". Create it (az storage container create --name "
                    + container + " --account-name " + account + ") or fix the setting 'container'.";
        }
        if (BlobErrorCode.BLOB_ARCHIVED.equals(code)) {
            return "the blob is in the Archive tier and cannot be read until it is rehydrated (hours). Run 'az storage blob set-tier "
                    + "--tier Hot --rehydrate-priority Standard' on it (or copy it to a Hot blob), wait, and retry.";
        }
        String detail = String.valueOf(e.getServiceMessage());
        Matcher message = XML_MESSAGE.matcher(detail);
        detail = message.find() ? message.group(1) : detail;
        return "Azure answered " + status + " " + code + " (" + withoutQuery(detail.lines().findFirst().orElse("")) + ").";
    }

    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)");
    private static final Pattern QUERY = Pattern.compile("(https?://[^\\s?\"'<>]*)\\?[^\\s\"'<>]*");
    private static final Pattern SECRET_PARTS = Pattern.compile("(?i)(sig|AccountKey|SharedAccessSignature)=[^\\s;&\"'<>]*");

    /** The text without URL query strings (where a SAS travels) and without keys or signatures. */
    static String withoutQuery(String text) {
        return SECRET_PARTS.matcher(QUERY.matcher(text).replaceAll("$1?…")).replaceAll("$1=****");
    }
}
