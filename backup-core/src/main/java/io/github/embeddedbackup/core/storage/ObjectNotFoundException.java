package io.github.embeddedbackup.core.storage;

/** No object has the key. */
public class ObjectNotFoundException extends StorageException {

    public ObjectNotFoundException(String storage, String key) {
        super("No object '" + key + "' in " + storage + ".", storage, key, null);
    }
}
