package io.portcullis.upload;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import java.nio.file.Path;

/**
 * Started by {@link HugeUploadTest} in a separate JVM with {@code -Xmx64m}: Jetty and Tomcat, each
 * with the guard (default images policy: 10 MiB per file, 50 MiB per request). Prints
 * {@code PORTS <jetty> <tomcat>} and runs until its standard input closes.
 */
public final class HugeUploadServer {

    private HugeUploadServer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        UploadPolicy policy = UploadPolicy.images().toBuilder().tempDir(dir.resolve("spool")).build();
        try (TestServer jetty = ServletContainer.JETTY.builder().filter("guard", new UploadGuardFilter(policy), "/*")
                .servlet("upload", new UploadServlet(UploadStore.at(dir.resolve("store-jetty"))), "/upload").start();
             TestServer tomcat = ServletContainer.TOMCAT.builder().filter("guard", new UploadGuardFilter(policy), "/*")
                .servlet("upload", new UploadServlet(UploadStore.at(dir.resolve("store-tomcat"))), "/upload").start()) {
            System.out.println("PORTS " + jetty.httpPort() + " " + tomcat.httpPort() + " maxMemory="
                    + Runtime.getRuntime().maxMemory());
            System.out.flush();
            while (System.in.read() >= 0) {
                // run until the test closes our stdin
            }
        }
    }
}
