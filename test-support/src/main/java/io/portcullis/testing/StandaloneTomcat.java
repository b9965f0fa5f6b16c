package io.portcullis.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A private instance of Debian's standalone Apache Tomcat 10.1 (packages {@code tomcat10} and
 * {@code tomcat10-user}), made by {@code tomcat10-instance-create} in a directory of the test,
 * listening on loopback only: plain HTTP on one free port and HTTPS (the given self-signed
 * certificate) on another. WARs are deployed by copying them into {@code webapps/} before
 * {@link #start()}, as an administrator would; Tomcat runs in the foreground ({@code catalina.sh
 * run}) as a child process whose stdout and stderr are {@code logs/catalina.out}.
 *
 * <p>Skips the test when Tomcat is not installed, or fails it when
 * {@value RealServer#REQUIRE_ENV}{@code =1} (see {@link RealServer#require}).
 *
 * <p>Two settings differ from Debian's defaults, both to match an upstream Tomcat and to start
 * fast: the console log uses Tomcat's {@code OneLineFormatter} (Debian's systemd formatter
 * drops the level names from {@code catalina.out}), and no jar is scanned for TLDs or web
 * fragments ({@code jarsToSkip=*.jar}; {@code ServletContainerInitializer}s in jars still run).
 */
public final class StandaloneTomcat implements AutoCloseable {

    /** Where Debian installs Tomcat's binaries and libraries. */
    public static final Path CATALINA_HOME = Path.of("/usr/share/tomcat10");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final String STARTED = "Server startup in";

    private final Path base;
    private final int httpPort;
    private final int httpsPort;
    private Process process;

    private StandaloneTomcat(Path base, int httpPort, int httpsPort) {
        this.base = base;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
    }

    /**
     * Requires Tomcat (skip or fail, see above) and creates an instance in {@code base} (which must
     * not exist yet) on two free loopback ports.
     */
    public static StandaloneTomcat create(Path base, SelfSignedCertificate certificate) {
        RealServer.require(RealServer.Binary.TOMCAT10);
        int http = FreePort.next();
        int https = FreePort.next();
        int shutdown = FreePort.next();
        run(List.of("/usr/bin/tomcat10-instance-create", "-p", String.valueOf(http), "-c", String.valueOf(shutdown),
                base.toString()));
        try {
            Files.writeString(base.resolve("conf/server.xml"), serverXml(http, https, shutdown, certificate));
            Path logging = base.resolve("conf/logging.properties");
            Files.writeString(logging, Files.readString(logging)
                    .replace("org.apache.juli.SystemdFormatter", "org.apache.juli.OneLineFormatter"));
            Path properties = base.resolve("conf/catalina.properties");
            Files.writeString(properties, Files.readString(properties)
                    + "\ntomcat.util.scan.StandardJarScanFilter.jarsToSkip=*.jar\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new StandaloneTomcat(base, http, https);
    }

    private static String serverXml(int http, int https, int shutdown, SelfSignedCertificate certificate) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="%d" address="127.0.0.1" shutdown="SHUTDOWN-%d">
                  <Service name="Catalina">
                    <Connector address="127.0.0.1" port="%d" protocol="HTTP/1.1" connectionTimeout="20000"
                               redirectPort="%d" maxParameterCount="1000"/>
                    <Connector address="127.0.0.1" port="%d" protocol="org.apache.coyote.http11.Http11NioProtocol"
                               SSLEnabled="true" maxParameterCount="1000">
                      <SSLHostConfig>
                        <Certificate certificateKeystoreFile="%s" certificateKeystorePassword="%s"
                                     certificateKeyAlias="%s" certificateKeystoreType="PKCS12"/>
                      </SSLHostConfig>
                    </Connector>
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(shutdown, System.nanoTime(), http, https, https,
                certificate.keyStore().toAbsolutePath(), SelfSignedCertificate.PASSWORD, SelfSignedCertificate.ALIAS);
    }

    /** Copies {@code war} to {@code webapps/NAME.war} ({@code ROOT} for the context path ""). */
    public void deployWar(String name, Path war) {
        try {
            Files.copy(war, base.resolve("webapps").resolve(name + ".war"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Unpacks {@code war} to {@code webapps/NAME/} and returns that directory, so a test can
     * change a copy of the application (its web.xml, its {@code WEB-INF/lib}) before {@link #start()}.
     */
    public Path deployExploded(String name, Path war) {
        Path dir = base.resolve("webapps").resolve(name);
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(war))) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                Path target = dir.resolve(e.getName()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("entry outside the directory: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Starts Tomcat and waits (up to 120 s on a loaded machine) until it logs "Server startup in",
     * i.e. every application is deployed (or failed to) and the connectors accept.
     * {@code javaOptions} (e.g. {@code -Dkey=value}) are given to the JVM through {@code JAVA_OPTS}.
     *
     * @throws IllegalStateException when Tomcat exits early or does not start in time (the
     *         message holds {@code catalina.out})
     */
    public void start(String... javaOptions) {
        if (process != null) {
            throw new IllegalStateException("already started");
        }
        try {
            Path out = base.resolve("logs/catalina.out");
            ProcessBuilder builder = new ProcessBuilder(CATALINA_HOME.resolve("bin/catalina.sh").toString(), "run")
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            Map<String, String> env = builder.environment();
            env.put("CATALINA_HOME", CATALINA_HOME.toString());
            env.put("CATALINA_BASE", base.toString());
            env.put("CATALINA_PID", base.resolve("temp/tomcat.pid").toString());
            List<String> options = new ArrayList<>(List.of("-Djava.awt.headless=true",
                    "-Djava.security.egd=file:/dev/./urandom", "-XX:TieredStopAtLevel=1"));
            options.addAll(List.of(javaOptions));
            env.put("JAVA_OPTS", String.join(" ", options));
            env.remove("CATALINA_OPTS");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Tomcat in " + base, e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!catalinaOut().contains(STARTED)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tomcat exited with status " + process.exitValue()
                        + " before it started\n" + catalinaOut());
            }
            if (System.nanoTime() > deadline) {
                close();
                throw new IllegalStateException("Tomcat did not start within " + START_TIMEOUT.toSeconds() + " s\n"
                        + catalinaOut());
            }
            sleep(100);
        }
    }

    /** {@code http://127.0.0.1:PORT}. */
    public URI http() {
        return URI.create("http://127.0.0.1:" + httpPort);
    }

    /** {@code https://127.0.0.1:PORT} (the certificate given to {@link #create}). */
    public URI https() {
        return URI.create("https://127.0.0.1:" + httpsPort);
    }

    /** The plain-HTTP port. */
    public int httpPort() {
        return httpPort;
    }

    /** The HTTPS port. */
    public int httpsPort() {
        return httpsPort;
    }

    /** The instance directory ({@code CATALINA_BASE}). */
    public Path base() {
        return base;
    }

    /** What Tomcat wrote to stdout and stderr so far ({@code logs/catalina.out}). */
    public String catalinaOut() {
        Path out = base.resolve("logs/catalina.out");
        try {
            return Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Stops Tomcat (SIGTERM runs its shutdown hook; SIGKILL after 20 s) and waits until it is gone. */
    @Override
    public void close() {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(p.descendants().toList());
        all.add(0, p.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : all) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    private static void run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output;
            try (InputStream in = p.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
