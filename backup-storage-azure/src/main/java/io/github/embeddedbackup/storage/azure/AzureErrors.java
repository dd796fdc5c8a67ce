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
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
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
    private final String prefix;
    private final String account;
    private final String endpoint;
    private final String credential;
    private final Duration timeout;
    private final String endpointHint;

    /** @param prefix the storage's blob name prefix, for the name of a blob to rehydrate */
    AzureErrors(String storage, String container, String prefix, String account, String endpoint, String credential, Duration timeout) {
        this.storage = storage;
        this.container = container;
        this.prefix = prefix;
        this.account = account;
        this.endpoint = withoutQuery(endpoint);
        this.credential = credential;
        this.timeout = timeout;
        this.endpointHint = endpointHint(this.endpoint);
    }

    /** @param action what was tried, e.g. {@code write}; @param key the key, or null for the container */
    StorageException failure(String action, @Nullable String key, Throwable e) {
        String start = "Cannot " + action + (key == null ? " " : " '" + key + "' in ") + storage + ": ";
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BlobStorageException blob) { // also inside the IOException of a read
                return new StorageException(start + forStatus(blob, key), storage, key, e);
            }
            if (cause instanceof HttpConnectTimeoutException || cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof UnresolvedAddressException || cause instanceof NoRouteToHostException) {
                return new StorageException(start + "the endpoint " + endpoint + " cannot be reached (" + cause.getClass().getSimpleName()
                        + "). Check the setting 'endpoint' (or 'account', or the connection string), DNS, the firewall and that "
                        + "the storage account exists. Credentials came from " + credential + ".", storage, key, e);
            }
            if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
                return new StorageException(start + "the endpoint " + endpoint + " did not answer within the timeout (" + timeout
                        + " per request, the setting 'timeout'). Raise 'timeout' for a slow link, or lower 'block-size'.", storage, key, e);
            }
        }
        return new StorageException(start + withoutQuery(String.valueOf(e.getMessage())) + " (" + e.getClass().getSimpleName() + ").",
                storage, key, e);
    }

    private String forStatus(BlobStorageException e, @Nullable String key) {
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
                    + container + " --account-name " + account + ") or fix the setting 'container'." + endpointHint;
        }
        if (BlobErrorCode.BLOB_ARCHIVED.equals(code)) {
            String name = key == null ? "…" : prefix + key;
            return "the blob is archived (Archive tier): rehydrate it first. It cannot be read until it is rehydrated, which takes hours. "
                    + "Run 'az storage blob set-tier --account-name " + account + " --container-name " + container + " --name " + name
                    + " --tier Hot --rehydrate-priority Standard' (High: under an hour for blobs under 10 GB), wait until 'az storage blob "
                    + "show … --query properties.rehydrationStatus' is empty, and retry. Rehydrate the backup's manifest too if it is "
                    + "archived.";
        }
        String detail = String.valueOf(e.getServiceMessage());
        Matcher message = XML_MESSAGE.matcher(detail);
        detail = message.find() ? message.group(1) : detail;
        return "Azure answered " + status + " " + code + " (" + withoutQuery(detail.lines().findFirst().orElse("")) + ")."
                + (status == 400 || status == 404 ? endpointHint : "");
    }

    /**
     * A hint for 400 and 404 answers when the endpoint has no path and is not an Azure host: an emulator
     * wants the account name as the endpoint's path, and without it each request goes to the wrong place.
     */
    static String endpointHint(String endpoint) {
        try {
            URI url = URI.create(endpoint);
            String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
            String path = url.getPath() == null ? "" : url.getPath().replace("/", "");
            if (path.isEmpty() && !host.contains(".blob.core.") && !host.contains(".blob.storage.azure.net")) {
                return " The account cannot be told from the endpoint " + endpoint + ": for Azurite and other emulators the endpoint ends "
                        + "with the account name (http://127.0.0.1:10000/devstoreaccount1); fix the setting 'endpoint'.";
            }
        } catch (IllegalArgumentException e) {
            return "";
        }
        return "";
    }

    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)");
    private static final Pattern QUERY = Pattern.compile("(https?://[^\\s?\"'<>]*)\\?[^\\s\"'<>]*");
    private static final Pattern SECRET_PARTS = Pattern.compile("(?i)(sig|AccountKey|SharedAccessSignature)=[^\\s;&\"'<>]*");

    /** The text without URL query strings (where a SAS travels) and without keys or signatures. */
    static String withoutQuery(String text) {
        return SECRET_PARTS.matcher(QUERY.matcher(text).replaceAll("$1?…")).replaceAll("$1=****");
    }
}
