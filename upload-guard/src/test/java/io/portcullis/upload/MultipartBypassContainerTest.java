package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The ways a file reached an application unchecked (issue 9), on real Jetty 12 and Tomcat 10.1,
 * over raw HTTP so that nothing normalises the request on the way. The application is a servlet
 * that overrides {@code service()} (any method) with a multipart configuration, and reports what
 * {@code getParts()}, Spring's {@code StandardServletMultipartResolver} and commons-fileupload2's
 * {@code JakartaServletFileUpload} hand it. Every attack runs twice: without the guard (the
 * container really does hand over {@code evil.php}: the attack is real) and with it (refused).
 */
class MultipartBypassContainerTest {

    private static final String B = "b0undary7MA4YWxk";
    private static final String EVIL = "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"evil.php\""
            + "\r\nContent-Type: application/octet-stream\r\n\r\n<?php system($_GET['c']); ?>\r\n--" + B + "--\r\n";

    @TempDir
    Path tmp;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The application behind the guard: reads parts whatever the method, three ways. */
    static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            StringBuilder out = new StringBuilder("path=" + req.getServletPath() + req.getPathInfo() + "\n");
            try {
                for (jakarta.servlet.http.Part p : req.getParts()) {
                    out.append("header ").append(p.getHeader("Content-Disposition")).append('\n');
                    out.append("part ").append(p.getName()).append('\n');
                }
            } catch (Exception e) {
                out.append("headers unavailable\n");
            }
            for (AppParsers.Seen s : List.of(AppParsers.getParts(req), AppParsers.springResolver(req),
                    AppParsers.fileUpload2(req))) {
                for (AppParsers.FileSeen f : s.files()) {
                    out.append(s.parser()).append(" file ").append(f.filename()).append('\n');
                }
                if (s.failure() != null) {
                    out.append(s.parser()).append(" failed\n");
                }
            }
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write(out.toString());
        }
    }

    private void start(ServletContainer container, UploadPolicy policy) throws IOException {
        Path parts = Files.createDirectories(tmp.resolve("container-parts"));
        ServletContainerInitializer app = (classes, ctx) -> {
            ServletRegistration.Dynamic r = ctx.addServlet("app", new AppServlet());
            r.addMapping("/*");
            r.setMultipartConfig(new MultipartConfigElement(parts.toString()));
        };
        var builder = container.builder().initializer(app, Set.of());
        if (policy != null) {
            builder.filter("guard", new UploadGuardFilter(policy.toBuilder().tempDir(tmp.resolve("spool")).build()),
                    "/*");
        }
        server = builder.start();
    }

    private static UploadPolicy images() {
        return UploadPolicy.images();
    }

    /** Sends a request exactly as written and returns the whole response. */
    private String raw(String method, String target, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.ISO_8859_1);
        try (Socket s = new Socket("127.0.0.1", server.http().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static String status(String response) {
        return response.isEmpty() ? "(none)" : response.substring(9, 12);
    }

    static Stream<Arguments> subtypes() {
        return Stream.of(ServletContainer.values()).flatMap(c -> Stream.of("multipart/mixed", "multipart/related",
                "Multipart/Mixed", "multipart/x-anything").map(t -> Arguments.of(c, t)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("subtypes")
    void otherMultipartSubtypeThen415TypeRefused(ServletContainer container, String type) throws Exception {
        start(container, images());
        String r = raw("POST", "/upload", type + "; boundary=" + B, EVIL);
        assertThat(status(r)).as(r).isEqualTo("415");
        assertThat(r).contains("\"code\":\"MULTIPART_TYPE_REFUSED\"").doesNotContain("file evil.php");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void withoutTheGuardMultipartMixedHandsTheAppEvilPhp(ServletContainer container) throws Exception {
        start(container, null);
        String r = raw("POST", "/upload", "multipart/mixed; boundary=" + B, EVIL);
        // Tomcat's getParts (and Spring's resolver on it) and commons-fileupload2 take any multipart/*.
        assertThat(r).containsPattern(container == ServletContainer.TOMCAT
                ? "getParts file evil.php\nspring-resolver file evil.php" : "fileupload2 file evil.php");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void allowedSubtypeIsInspectedLikeFormData(ServletContainer container) throws Exception {
        start(container, images().toBuilder().allowMultipartSubtypes("mixed").build());
        String evil = raw("POST", "/upload", "multipart/mixed; boundary=" + B, EVIL);
        assertThat(status(evil)).as(evil).isEqualTo("415");
        assertThat(evil).contains("EXTENSION_NOT_ALLOWED");
        String png = raw("POST", "/upload", "multipart/mixed; boundary=" + B, pngBody());
        assertThat(status(png)).as(png).isEqualTo("200");
        assertThat(png).contains("getParts file a.png", "spring-resolver file a.png", "fileupload2 file a.png");
    }

    static Stream<Arguments> methods() {
        return Stream.of(ServletContainer.values()).flatMap(c -> Stream.of("POST", "PUT", "PATCH", "DELETE", "GET",
                "OPTIONS", "FOO", "post").map(m -> Arguments.of(c, m)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("methods")
    void multipartWithAnyMethodIsInspected(ServletContainer container, String method) throws Exception {
        start(container, images());
        String r = raw(method, "/upload", "multipart/form-data; boundary=" + B, EVIL);
        assertThat(status(r)).as(r).isEqualTo("415");
        assertThat(r).doesNotContain("file evil.php");
        String control = raw(method, "/upload", "multipart/form-data; boundary=" + B, pngBody());
        assertThat(status(control)).as(control).isEqualTo("200");
        assertThat(control).contains("getParts file a.png");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("methods")
    void withoutTheGuardAnyMethodHandsTheAppEvilPhp(ServletContainer container, String method) throws Exception {
        start(container, null);
        String r = raw(method, "/upload", "multipart/form-data; boundary=" + B, EVIL);
        assertThat(r).contains("getParts file evil.php");
    }

    static Stream<Arguments> spellings() {
        return Stream.of(ServletContainer.values()).flatMap(c -> Stream.of("/guarded/x", "/%67uarded/x",
                "/./guarded/x", "/x/../guarded/x", "/guarded;p=1/x", "/guarded/./x", "/%2e/guarded/x",
                "/x/%2e%2e/guarded/x", "//guarded/x").map(p -> Arguments.of(c, p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("spellings")
    void everySpellingOfAGuardedPathIsGuarded(ServletContainer container, String target) throws Exception {
        start(container, images().toBuilder().paths("/guarded").build());
        String r = raw("POST", target, "multipart/form-data; boundary=" + B, EVIL);
        assertThat(r).doesNotContain("file evil.php");
        if (!r.startsWith("HTTP/1.1 400")) { // a container may refuse an ambiguous spelling outright: also safe
            assertThat(status(r)).as(r).isEqualTo("415");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void controlPathOutsideTheGuardedPrefixIsNotInspected(ServletContainer container) throws Exception {
        start(container, images().toBuilder().paths("/guarded").build());
        String r = raw("POST", "/open/x", "multipart/form-data; boundary=" + B, EVIL);
        assertThat(r).contains("getParts file evil.php"); // by configuration, as the key documents
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void strayQuotesInContentDispositionThen400Ambiguous(ServletContainer container) throws Exception {
        start(container, images());
        String body = "--" + B + "\r\nContent-Disposition: form-data; name=\"f\"; \"j=\" x; filename=evil.php; k=a\"\r\n\r\n"
                + "<?php system($_GET['c']); ?>\r\n--" + B + "--\r\n";
        String r = raw("POST", "/upload", "multipart/form-data; boundary=" + B, body);
        assertThat(status(r)).as(r).isEqualTo("400");
        assertThat(r).contains("\"code\":\"MULTIPART_AMBIGUOUS\"").doesNotContain("evil.php\n");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void withoutTheGuardTheStrayQuotedHeaderIsReadAsAFileByOneReaderOnly(ServletContainer container) throws Exception {
        start(container, null);
        String body = "--" + B + "\r\nContent-Disposition: form-data; name=\"f\"; \"j=\" x; filename=\"a.png\"; "
                + "filename=evil.php; k=a\"\r\n\r\n<?php ?>\r\n--" + B + "--\r\n";
        String r = raw("POST", "/upload", "multipart/form-data; boundary=" + B, body);
        // Measured: Jetty's getParts reads file evil.php (Spring fails on the same header); on Tomcat
        // getParts reads a plain field while Spring's ContentDisposition.parse reads file a.png.
        assertThat(r).contains(container == ServletContainer.TOMCAT ? "spring-resolver file a.png" : "getParts file evil.php")
                .doesNotContain(container == ServletContainer.TOMCAT ? "getParts file" : "spring-resolver file");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void behindTheGuardEveryViewSeesTheCanonicalCheckedParts(ServletContainer container) throws Exception {
        start(container, images());
        String r = raw("POST", "/upload", "multipart/form-data; boundary=" + B, pngBody());
        assertThat(status(r)).as(r).isEqualTo("200");
        assertThat(r).contains("getParts file a.png", "spring-resolver file a.png", "fileupload2 file a.png")
                .doesNotContain("failed");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void behindTheGuardPartHeadersAreRebuiltFromWhatWasChecked(ServletContainer container) throws Exception {
        start(container, images());
        String body = "--" + B + "\r\nContent-Disposition: form-data; name=file; filename=a.png; size=67;"
                + " creation-date=\"Wed, 12 Feb 1997 16:29:51 -0500\"\r\nX-Extra: 1\r\n\r\n"
                + new String(Samples.png(), StandardCharsets.ISO_8859_1) + "\r\n--" + B + "--\r\n";
        String r = raw("POST", "/upload", "multipart/form-data; boundary=" + B, body);
        assertThat(status(r)).as(r).isEqualTo("200");
        assertThat(r).contains("header form-data; name=\"file\"; filename=\"a.png\"\n").doesNotContain("size=");
    }

    /** A text field {@code avatar} and a PNG file part whose field name is {@code fileName} as sent. */
    private static String fieldAndFile(String fileName) {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"avatar\"\r\n\r\nplain text\r\n--" + B
                + "\r\nContent-Disposition: form-data; name=\"" + fileName + "\"; filename=\"a.png\"\r\n\r\n"
                + new String(Samples.png(), StandardCharsets.ISO_8859_1) + "\r\n--" + B + "--\r\n";
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void rfc2047EncodedFieldNameThen400Ambiguous(ServletContainer container) throws Exception {
        start(container, images());
        String r = raw("POST", "/upload", "multipart/form-data; boundary=" + B, fieldAndFile("=?UTF-8?B?YXZhdGFy?="));
        assertThat(status(r)).as(r).isEqualTo("400");
        assertThat(r).contains("\"code\":\"FILENAME_AMBIGUOUS\"").doesNotContain("file a.png");
        String control = raw("POST", "/upload", "multipart/form-data; boundary=" + B, fieldAndFile("photo"));
        assertThat(status(control)).as(control).isEqualTo("200");
        assertThat(control).contains("part avatar\n", "part photo\n", "getParts file a.png", "spring-resolver file a.png",
                "fileupload2 file a.png");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void withoutTheGuardAnEncodedWordFieldNameIsDecodedByTomcatOnly(ServletContainer container) throws Exception {
        start(container, null);
        String r = raw("POST", "/upload", "multipart/form-data; boundary=" + B, fieldAndFile("=?UTF-8?B?YXZhdGFy?="));
        // Tomcat (and commons-fileupload2) decode the word: a field and a file both named "avatar".
        assertThat(r).contains(container == ServletContainer.TOMCAT ? "part avatar\nheader form-data; name=\"=?UTF-8"
                : "part =?UTF-8?B?YXZhdGFy?=\n");
    }

    /**
     * A request that is not multipart passes the guard untouched whatever its charset: Jetty's
     * {@code getContentType()} throws on a charset it does not know, and the guard, asking it
     * after the header said "not multipart", answered 500 where the application alone answers 200.
     */
    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void nonMultipartRequestWithAnUnknownCharsetPassesTheGuardLikeTheBareApp(ServletContainer container) throws Exception {
        for (UploadPolicy policy : new UploadPolicy[] {null, images()}) { // the bare app is the control
            start(container, policy);
            for (String type : new String[] {"text/plain; charset=utf-7", "application/x-www-form-urlencoded; charset=x-nope"}) {
                String r = raw("POST", "/guarded/x", type, "hello");
                assertThat(status(r)).as(policy + " " + type + ": " + r).isEqualTo("200");
                assertThat(r).contains("path=/guarded/x");
            }
            server.close();
            server = null;
        }
    }

    private static String pngBody() {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n"
                + new String(Samples.png(), StandardCharsets.ISO_8859_1) + "\r\n--" + B + "--\r\n";
    }
}
