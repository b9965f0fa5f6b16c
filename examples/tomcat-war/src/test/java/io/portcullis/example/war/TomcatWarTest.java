package io.portcullis.example.war;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.SelfSignedCertificate;
import io.portcullis.testing.StandaloneTomcat;
import io.portcullis.testing.TrustingClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example WAR ({@code target/portcullis-example.war}, built by {@code package} before this
 * test runs) deployed as an administrator would, on Debian's standalone Apache Tomcat 10.1 in a
 * private instance, and driven over real HTTP and HTTPS.
 *
 * <p>One Tomcat holds four copies: {@code /} (the WAR as built), {@code /typo} (its web.xml with
 * {@code portcullis.hsts.max-age} misspelt), {@code /typo-upload} (the upload guard's
 * {@code portcullis.upload.paths} misspelt) and {@code /nolog} (without {@code slf4j-jdk14}: the
 * control for the logging decision). Plain HTTP is redirected to HTTPS through
 * {@code -Dportcullis.https.port-map=HTTP:HTTPS}, the third configuration source.
 *
 * <p>Every attack on {@code /guarded} is shown refused with the filter's reason code, beside its
 * control: the same request on {@code /open} (not guarded) hands the servlet {@code evil.php}, and
 * a PNG on the same path spelling is accepted by the guarded servlet.
 */
class TomcatWarTest {

    private static final Path WAR = Path.of("target/portcullis-example.war");
    private static final String EVIL = "<?php system($_GET['c']); ?>\n";
    private static final byte[] PNG = png();

    private static Path dir;
    private static StandaloneTomcat tomcat;
    private static HttpClient client;

    @BeforeAll
    static void deployOnStandaloneTomcat() throws IOException {
        assertThat(WAR).as("the WAR is built by `package` before this test (surefire runs at integration-test)")
                .isRegularFile();
        dir = Files.createTempDirectory("portcullis-tomcat-war-");
        SelfSignedCertificate certificate = SelfSignedCertificate.in(dir.resolve("tls"));
        tomcat = StandaloneTomcat.create(dir.resolve("instance"), certificate);
        tomcat.deployWar("ROOT", WAR);
        Path typo = tomcat.deployExploded("typo", WAR).resolve("WEB-INF/web.xml");
        Files.writeString(typo, Files.readString(typo)
                .replace("<param-name>portcullis.hsts.max-age</param-name>", "<param-name>portcullis.hsts.max-ag</param-name>"));
        Path uploadTypo = tomcat.deployExploded("typo-upload", WAR).resolve("WEB-INF/web.xml");
        Files.writeString(uploadTypo, Files.readString(uploadTypo)
                .replace("<param-name>portcullis.upload.paths</param-name>", "<param-name>portcullis.upload.path</param-name>"));
        Path lib = tomcat.deployExploded("nolog", WAR).resolve("WEB-INF/lib");
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.getFileName().toString().startsWith("slf4j-jdk14")).toList()) {
                Files.delete(jar);
            }
        }
        tomcat.start("-Dportcullis.https.port-map=" + tomcat.httpPort() + ":" + tomcat.httpsPort());
        client = TrustingClient.trusting(certificate);
    }

    @AfterAll
    static void stop() throws IOException {
        if (tomcat != null) {
            tomcat.close();
        }
        if (dir != null && System.getenv("KEEP_TOMCAT") == null) { // KEEP_TOMCAT=1: keep the instance for a look
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    // ---- uploads (issue 9) ----

    @ParameterizedTest(name = "{0} {1} as {2}")
    @CsvSource({
        "POST,   /guarded/x, multipart/form-data",
        "DELETE, /guarded/x, multipart/form-data",
        "post,   /guarded/x, multipart/form-data",
        "PUT,    /guarded/x, multipart/form-data",
    })
    void evilPhpWithAnyMethodIsRefused415ExtensionNotAllowed(String method, String path, String type) {
        HttpResponse<String> r = send(method, path, type, "evil.php", EVIL.getBytes(StandardCharsets.UTF_8));
        assertRefused(r, 415, "EXTENSION_NOT_ALLOWED");
    }

    @Test
    void multipartMixedOnAGuardedPathIsRefused415TypeRefused() {
        HttpResponse<String> r = send("POST", "/guarded/x", "multipart/mixed", "evil.php",
                EVIL.getBytes(StandardCharsets.UTF_8));
        assertRefused(r, 415, "MULTIPART_TYPE_REFUSED");
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @CsvSource({
        "POST,   /open/x, multipart/form-data",
        "DELETE, /open/x, multipart/form-data",
        "post,   /open/x, multipart/form-data",
        "POST,   /open/x, multipart/mixed",
    })
    void controlWithoutTheGuardTomcatHandsTheServletEvilPhp(String method, String path, String type) {
        HttpResponse<String> r = send(method, path, type, "evil.php", EVIL.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("method=" + method).contains("part name=file filename=evil.php");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/%67uarded/x", "/x/../guarded/x", "//guarded/x", "/guarded;p=1/x", "/./guarded/x"})
    void everySpellingOfTheGuardedPathIsGuarded(String path) {
        HttpResponse<String> r = send("POST", path, "multipart/form-data", "evil.php",
                EVIL.getBytes(StandardCharsets.UTF_8));
        assertRefused(r, 415, "EXTENSION_NOT_ALLOWED");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/%67uarded/x", "/x/../guarded/x", "//guarded/x", "/guarded;p=1/x", "/./guarded/x"})
    void controlEverySpellingReachesTheGuardedServletWithAPng(String path) {
        HttpResponse<String> r = send("POST", path, "multipart/form-data", "a.png", PNG);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("uri=" + path).contains("servletPath=/guarded pathInfo=/x")
                .contains("part name=file filename=a.png size=" + PNG.length);
    }

    @Test
    void benignPngIsAcceptedAndTheServletSeesTheCanonicalPart() {
        HttpResponse<String> r = send("POST", "/guarded/x", "multipart/form-data", "a.png", PNG);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("part name=file filename=a.png size=" + PNG.length
                + " disposition=form-data; name=\"file\"; filename=\"a.png\"");
    }

    // ---- hardening (README "Four ways to register", 1: web.xml) ----

    @Test
    void httpsAnswersCarryTheSecurityHeadersAndAHardenedSessionCookie() {
        HttpResponse<String> r = get(tomcat.https().resolve("/session"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000; includeSubDomains");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("Cross-Origin-Opener-Policy")).hasValue("same-origin");
        assertThat(r.headers().firstValue("Content-Security-Policy").orElseThrow())
                .startsWith("default-src 'self'; object-src 'none'");
        String session = r.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("JSESSIONID="))
                .findFirst().orElseThrow(() -> new AssertionError("no JSESSIONID in " + r.headers().map()));
        assertThat(session).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax");
    }

    @Test
    void plainHttpIsRedirectedToTheHttpsPortFromTheSystemProperty() {
        HttpResponse<String> r = get(tomcat.http().resolve("/session?a=1"));
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValue(tomcat.https() + "/session?a=1");
        assertThat(r.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
    }

    // ---- logging and configuration errors (issue 13) ----

    @Test
    void firstUploadPrintsNoSlf4jWarningWhileTheSameWarWithoutTheProviderDoes() {
        assertThat(send("POST", "/guarded/x", "multipart/form-data", "a.png", PNG).statusCode()).isEqualTo(200);
        assertThat(tomcat.catalinaOut()).doesNotContain("SLF4J");

        int before = tomcat.catalinaOut().length();
        assertThat(send("POST", "/nolog/guarded/x", "multipart/form-data", "a.png", PNG).statusCode()).isEqualTo(200);
        assertThat(tomcat.catalinaOut().substring(before))
                .as("control: the same WAR without slf4j-jdk14 warns on its first upload")
                .contains("SLF4J(W): No SLF4J providers were found");
    }

    @Test
    void aMisspeltKeyStopsThatApplicationWithOneClearSevereLine() {
        List<String> severe = tomcat.catalinaOut().lines()
                .filter(l -> l.contains(" SEVERE ") && l.contains("portcullis.hsts.max-ag"))
                .toList();
        assertThat(severe).as(tomcat.catalinaOut()).hasSize(1);
        assertThat(severe.get(0)).contains("unknown key portcullis.hsts.max-ag (from init-param of filter portcullis)")
                .contains("did you mean portcullis.hsts.max-age?");
        assertThat(tomcat.catalinaOut().lines().filter(l -> l.startsWith("\tat ")))
                .as("no stack trace in catalina.out (Tomcat puts it in logs/localhost.*.log)").isEmpty();
        assertThat(get(tomcat.https().resolve("/typo/session")).statusCode()).isEqualTo(404);
        assertThat(get(tomcat.https().resolve("/session")).statusCode()).as("the other applications run").isEqualTo(200);
    }

    @Test
    void aMisspeltUploadGuardKeyIsOneSevereLineInCatalinaOutTooWithNoMisleadingFinding() {
        // issue 12: Tomcat itself only says "One or more Filters failed to start" in catalina.out
        // (its trace goes to the localhost log); Portcullis's own line carries the did-you-mean
        List<String> severe = tomcat.catalinaOut().lines()
                .filter(l -> l.contains(" SEVERE ") && l.contains("portcullis.upload.path "))
                .toList();
        assertThat(severe).as(tomcat.catalinaOut()).hasSize(1);
        assertThat(severe.get(0)).contains("Portcullis UploadGuardFilter not started: unknown key portcullis.upload.path "
                + "(from init-param of filter uploads); did you mean portcullis.upload.paths?");
        assertThat(tomcat.catalinaOut()).doesNotContain("SESSION_COOKIE_NOT_HARDENED");
        assertThat(get(tomcat.https().resolve("/typo-upload/session")).statusCode()).isEqualTo(404);
        assertThat(get(tomcat.https().resolve("/session")).statusCode()).as("the other applications run").isEqualTo(200);
    }

    // ---- helpers ----

    private static void assertRefused(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "application/problem+json"));
        assertThat(r.body()).contains("\"code\":\"" + code + "\"").doesNotContain("part name=");
    }

    private static HttpResponse<String> get(URI uri) {
        return exchange(HttpRequest.newBuilder(uri).GET().build());
    }

    private static HttpResponse<String> send(String method, String path, String type, String filename, byte[] content) {
        String boundary = "----portcullis" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(tomcat.https() + path))
                .header("Content-Type", type + "; boundary=" + boundary)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        return exchange(request);
    }

    private static HttpResponse<String> exchange(HttpRequest request) {
        try {
            return client.send(HttpRequest.newBuilder(request, (k, v) -> true).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 16; i++) {
            image.setRGB(i, i, 0x3366cc);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
