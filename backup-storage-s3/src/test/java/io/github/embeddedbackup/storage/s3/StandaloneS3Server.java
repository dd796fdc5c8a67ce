package io.github.embeddedbackup.storage.s3;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs the test S3 server on its own, for trying the CLI by hand:
 * {@code java -cp <test classpath> io.github.embeddedbackup.storage.s3.StandaloneS3Server /tmp/s3data bucket}.
 * Prints the endpoint; credentials are {@link S3TestServer#ACCESS_KEY} / {@link S3TestServer#SECRET_KEY}.
 */
public final class StandaloneS3Server {

    public static void main(String[] args) throws Exception {
        Path root = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "s3data"));
        S3TestServer server = S3TestServer.onDisk(root);
        server.createBucket(args.length > 1 ? args[1] : "backups");
        System.out.println(server.endpoint());
        Thread.currentThread().join();
    }
}
