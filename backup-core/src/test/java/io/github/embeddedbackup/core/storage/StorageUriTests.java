package io.github.embeddedbackup.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Storage URIs with junk after the bucket are refused, never taken as a prefix, and a query string is never shown. */
class StorageUriTests {

    @Test
    void aQueryStringIsRefusedWithoutShowingIt() {
        for (String uri : List.of("azure://backups/q?sig=SECRETSIG&sv=2024", "azure://backups?sig=SECRETSIG", "s3://bucket/x/?X-Amz-Signature=SECRETSIG")) {
            assertThatThrownBy(() -> StorageSettings.bucketAndPrefix(uri, uri.substring(0, uri.indexOf(':')), "azure"))
                    .as(uri).isInstanceOf(InvalidStorageSettingException.class)
                    .hasMessageContaining("a query string (?…) is not part of a storage URI")
                    .hasMessageContaining("docs/storage-azure.md").hasMessageContaining("write " + uri.substring(0, uri.indexOf('?')) + ";")
                    .hasMessageNotContaining("SECRETSIG").hasMessageNotContaining("sig=");
        }
        assertThatThrownBy(() -> StorageSettings.bucketAndPrefix("gs://bucket/x#SECRETSIG", "gs", "gcs"))
                .hasMessageContaining("a fragment (#…)").hasMessageNotContaining("SECRETSIG");
    }

    @Test
    void emptyAndDotSegmentsAreRefusedNamingThem() {
        assertThatThrownBy(() -> StorageSettings.bucketAndPrefix("azure://backups//dbl", "azure", "azure"))
                .isInstanceOf(InvalidStorageSettingException.class).hasMessageContaining("empty path segment (//)")
                .hasMessageContaining("write the prefix without it, e.g. azure://backups/dbl");
        assertThatThrownBy(() -> StorageSettings.bucketAndPrefix("azure://backups/a//b", "azure", "azure"))
                .hasMessageContaining("empty path segment (//)");
        assertThatThrownBy(() -> StorageSettings.bucketAndPrefix("azure://backups/../x", "azure", "azure"))
                .hasMessageContaining("has a '..' segment").hasMessageContaining("e.g. azure://backups/x");
        assertThatThrownBy(() -> StorageSettings.bucketAndPrefix("s3://bucket/a/./b", "s3", "s3"))
                .hasMessageContaining("has a '.' segment");
        assertThatThrownBy(() -> StorageSettings.bucketAndPrefix("s3:///x", "s3", "s3")).hasMessageContaining("names no bucket");
    }

    @Test
    void ordinaryUrisStillParse() {
        assertThat(StorageSettings.bucketAndPrefix("s3://bucket/team/app/", "s3", "s3")).isEqualTo(Map.of("bucket", "bucket", "prefix", "team/app/"));
        assertThat(StorageSettings.bucketAndPrefix("s3://bucket/", "s3", "s3")).isEqualTo(Map.of("bucket", "bucket", "prefix", ""));
        assertThat(StorageSettings.bucketAndPrefix(" gs://b ", "gs", "gcs")).isEqualTo(Map.of("bucket", "b", "prefix", ""));
        assertThat(StorageSettings.bucketAndPrefix("s3://b/v1.2/..x/x..", "s3", "s3")).containsEntry("prefix", "v1.2/..x/x..");
    }

    @Test
    void withoutQueryCutsAtTheFirstMark() {
        assertThat(StorageSettings.withoutQuery("azure://c/p?sig=abc#x")).isEqualTo("azure://c/p?…");
        assertThat(StorageSettings.withoutQuery("azure://c/p#x?sig")).isEqualTo("azure://c/p#…");
        assertThat(StorageSettings.withoutQuery("azure://c/p")).isEqualTo("azure://c/p");
    }
}
