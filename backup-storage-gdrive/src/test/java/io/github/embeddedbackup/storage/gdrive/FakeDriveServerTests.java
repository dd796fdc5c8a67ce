package io.github.embeddedbackup.storage.gdrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local Drive server keeps the published rules the storage relies on, checked with a plain HTTP client. */
class FakeDriveServerTests {

    static final int UNIT = 256 * 1024;
    final HttpClient http = HttpClient.newHttpClient();
    FakeDriveServer server;
    String token;

    @BeforeEach
    void start() throws Exception {
        server = FakeDriveServer.start();
        String form = "grant_type=refresh_token&client_id=" + enc(FakeDriveServer.CLIENT_ID) + "&client_secret=" + enc(FakeDriveServer.CLIENT_SECRET)
                + "&refresh_token=" + enc(FakeDriveServer.REFRESH_TOKEN);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(server.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        token = JsonParser.parseString(answer.body()).getAsJsonObject().get("access_token").getAsString();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withoutTheBearerTokenEveryCallIs401AndAWrongRefreshTokenIsInvalidGrant() throws Exception {
        String folder = server.createFolder("f");
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(URI.create(server.rootUrl() + "drive/v3/files?q="
                + enc("'" + folder + "' in parents"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(401);
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(server.tokenUrl()))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&client_id=" + enc(FakeDriveServer.CLIENT_ID)
                        + "&client_secret=" + enc(FakeDriveServer.CLIENT_SECRET) + "&refresh_token=wrong")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("invalid_grant");
    }

    @Test
    void aResumableUploadAnswers308WithTheRangeKeptAndTheFileAppearsOnlyWhenComplete() throws Exception {
        String folder = server.createFolder("f");
        HttpResponse<String> started = send("POST", server.rootUrl() + "upload/drive/v3/files?uploadType=resumable&supportsAllDrives=true",
                null, ("{\"name\":\"a/b\",\"parents\":[\"" + folder + "\"]}").getBytes(StandardCharsets.UTF_8));
        assertThat(started.statusCode()).isEqualTo(200);
        String session = started.headers().firstValue("Location").orElseThrow();

        HttpResponse<String> notAligned = send("PUT", session, "bytes 0-99999/*", new byte[100000]);
        assertThat(notAligned.statusCode()).as("a chunk other than the last must be a multiple of 256 KiB").isEqualTo(400);

        HttpResponse<String> first = send("PUT", session, "bytes 0-" + (UNIT - 1) + "/*", new byte[UNIT]);
        assertThat(first.statusCode()).isEqualTo(308);
        assertThat(first.headers().firstValue("Range")).hasValue("bytes=0-" + (UNIT - 1));
        assertThat(server.fileNames(folder)).as("nothing until the upload completes").isEmpty();

        HttpResponse<String> status = send("PUT", session, "bytes */*", new byte[0]);
        assertThat(status.statusCode()).isEqualTo(308);
        assertThat(status.headers().firstValue("Range")).hasValue("bytes=0-" + (UNIT - 1));

        HttpResponse<String> last = send("PUT", session, "bytes " + UNIT + "-" + (UNIT + 9) + "/" + (UNIT + 10), new byte[10]);
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(server.fileNames(folder)).containsExactly("a/b");
        assertThat(send("PUT", session, "bytes */*", new byte[0]).statusCode()).as("the session is gone").isEqualTo(404);
    }

    @Test
    void aCancelledSessionCreatesNothing() throws Exception {
        String folder = server.createFolder("f");
        String session = send("POST", server.rootUrl() + "upload/drive/v3/files?uploadType=resumable&supportsAllDrives=true", null,
                ("{\"name\":\"x\",\"parents\":[\"" + folder + "\"]}").getBytes(StandardCharsets.UTF_8)).headers().firstValue("Location").orElseThrow();
        send("PUT", session, "bytes 0-" + (UNIT - 1) + "/*", new byte[UNIT]);
        assertThat(send("DELETE", session, null, null).statusCode()).isEqualTo(499);
        assertThat(server.openUploadSessions()).isZero();
        assertThat(server.fileNames(folder)).isEmpty();
    }

    @Test
    void listingPagesWithTokensAndFindsSharedDriveFilesOnlyWithSupportsAllDrives() throws Exception {
        String folder = server.createFolder("f");
        for (int i = 0; i < 1005; i++) {
            server.putFile(folder, String.format("k%04d", i), new byte[] {1});
        }
        server.putFile(folder, "k0000", new byte[] {2}); // a second file of one name is allowed
        String base = server.rootUrl() + "drive/v3/files?q=" + enc("'" + folder + "' in parents and trashed = false")
                + "&pageSize=1000&fields=" + enc("nextPageToken,files(id,name,size)");
        JsonObject first = JsonParser.parseString(send("GET", base + "&supportsAllDrives=true&includeItemsFromAllDrives=true", null, null).body())
                .getAsJsonObject();
        assertThat(first.getAsJsonArray("files")).hasSize(1000);
        String next = first.get("nextPageToken").getAsString();
        JsonObject second = JsonParser.parseString(send("GET", base + "&supportsAllDrives=true&includeItemsFromAllDrives=true&pageToken="
                + enc(next), null, null).body()).getAsJsonObject();
        assertThat(second.getAsJsonArray("files")).hasSize(6);
        assertThat(second.has("nextPageToken")).isFalse();
        assertThat(first.getAsJsonArray("files").get(0).getAsJsonObject().get("size").getAsString()).isEqualTo("1");

        assertThat(send("GET", base, null, null).statusCode()).as("a Shared Drive folder without supportsAllDrives").isEqualTo(404);
        String byName = server.rootUrl() + "drive/v3/files?q=" + enc("'" + folder + "' in parents and trashed = false and name = 'k0000'")
                + "&supportsAllDrives=true&includeItemsFromAllDrives=true";
        assertThat(JsonParser.parseString(send("GET", byName, null, null).body()).getAsJsonObject().getAsJsonArray("files")).hasSize(2);
        assertThat(send("GET", server.rootUrl() + "drive/v3/files?q=" + enc("name contains 'k'") + "&supportsAllDrives=true", null, null)
                .statusCode()).as("a query form the storage never sends is refused, not guessed").isEqualTo(400);
    }

    private HttpResponse<String> send(String method, String url, String contentRange, byte[] body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentRange != null) {
            request.header("Content-Range", contentRange);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
