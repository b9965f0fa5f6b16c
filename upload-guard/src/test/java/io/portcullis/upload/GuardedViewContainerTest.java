package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletException;
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
 * What the application reads behind the guard when the request is not a plain synchronous call, on real
 * Jetty 12 and Tomcat 10.1 (the guard mapped for every dispatcher type, {@code paths=/guarded}): a declared
 * {@code charset}, an asynchronous servlet reading its files after the filter returned, and a forward,
 * include or async dispatch into a guarded path. The application reports what {@code getParts()}, Spring's
 * {@code StandardServletMultipartResolver} and commons-fileupload2's {@code JakartaServletFileUpload} hand it.
 */
class GuardedViewContainerTest {

    private static final String B = "b0undary7MA4YWxk";
    private static final String CT = "multipart/form-data; boundary=" + B;

    @TempDir
    Path tmp;

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Every container, each with every one of {@code values}: the arguments of a parameterized test. */
    private static Stream<Arguments> eachContainerWith(String... values) {
        return Stream.of(ServletContainer.values()).flatMap(c -> Stream.of(values).map(v -> Arguments.of(c, v)));
    }

    /** Every view of the request's files, in one line per parser. */
    static String views(HttpServletRequest req) {
        StringBuilder out = new StringBuilder();
        for (AppParsers.Seen s : List.of(AppParsers.getParts(req), AppParsers.springResolver(req),
                AppParsers.fileUpload2(req))) {
            for (AppParsers.FileSeen f : s.files()) {
                out.append(s.parser()).append(" file ").append(f.filename()).append(' ').append(f.bytes().length)
                        .append('\n');
            }
            if (s.failure() != null) {
                out.append(s.parser()).append(" failed ").append(s.failure()).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * {@code …/forward}, {@code …/include}, {@code …/async-dispatch} dispatch to {@code /guarded/x};
     * {@code …/async} reads the files on another thread after the request thread returned; anything else
     * reports its views.
     */
    static final class AppServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            resp.setContentType("text/plain;charset=UTF-8");
            String path = req.getAttribute(RequestDispatcher.INCLUDE_REQUEST_URI) != null ? "" : req.getRequestURI();
            if (path.endsWith("/fields")) {
                StringBuilder out = new StringBuilder("param " + req.getParameter("title") + "\n");
                try {
                    var upload = new org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload<
                            org.apache.commons.fileupload2.core.DiskFileItem,
                            org.apache.commons.fileupload2.core.DiskFileItemFactory>(
                            org.apache.commons.fileupload2.core.DiskFileItemFactory.builder().get());
                    for (var item : upload.parseRequest(req)) {
                        out.append("fileupload2 ").append(item.getString()).append('\n');
                    }
                } catch (Exception e) {
                    out.append("fileupload2 failed ").append(e).append('\n');
                }
                resp.getWriter().write(out.toString());
            } else if (path.endsWith("/forward-docs")) {
                req.getRequestDispatcher("/docs/x").forward(req, resp);
            } else if (path.endsWith("/forward")) {
                req.getRequestDispatcher("/guarded/x").forward(req, resp);
            } else if (path.endsWith("/include")) {
                req.getRequestDispatcher("/guarded/x").include(req, resp);
            } else if (path.endsWith("/async-dispatch") && req.getDispatcherType() == DispatcherType.REQUEST) {
                req.startAsync().dispatch("/guarded/x");
            } else if (path.endsWith("/async")) {
                AsyncContext async = req.startAsync();
                async.start(() -> {
                    try {
                        Thread.sleep(200); // well after the filter returned on the request thread
                        String seen = "after async " + views(req) + "async context " + views(
                                (HttpServletRequest) async.getRequest());
                        async.getResponse().getWriter().write(seen);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        async.complete();
                    }
                });
            } else {
                resp.getWriter().write("at " + req.getDispatcherType() + "\n" + views(req));
            }
        }
    }

    private Path spool;

    private void start(ServletContainer container, boolean guarded) throws IOException {
        start(container, guarded, null);
    }

    /** With {@code before}, a filter ahead of the guard that reads the body that way first. */
    private void start(ServletContainer container, boolean guarded, String before) throws IOException {
        Path parts = Files.createDirectories(tmp.resolve("container-parts"));
        spool = Files.createDirectories(tmp.resolve("spool"));
        ServletContainerInitializer app = (classes, ctx) -> {
            ServletRegistration.Dynamic r = ctx.addServlet("app", new AppServlet());
            r.addMapping("/*");
            r.setAsyncSupported(true);
            r.setMultipartConfig(new MultipartConfigElement(parts.toString()));
        };
        var builder = container.builder().initializer(app, Set.of()); // filters: every dispatcher type
        if (before != null) {
            builder.filter("before", (jakarta.servlet.Filter) (rq, rs, chain) -> {
                HttpServletRequest h = (HttpServletRequest) rq;
                switch (before) {
                    case "getReader" -> h.getReader();
                    case "getParameter" -> h.getParameter("_csrf");
                    default -> h.getParts();
                }
                chain.doFilter(rq, rs);
            }, "/*");
        }
        if (guarded) {
            builder.filter("guard", new UploadGuardFilter(UploadPolicy.images().toBuilder().paths("/guarded")
                    .tempDir(spool).build()), "/*");
        }
        server = builder.start();
    }

    private String post(String target, String contentType, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.http().getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: "
                    + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] png(String filename) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(Samples.png());
        b.writeBytes(("\r\n--" + B + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static byte[] evil() {
        return ("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"evil.php\"\r\n\r\n"
                + "<?php system($_GET['c']); ?>\r\n--" + B + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String status(String response) {
        return response.length() < 12 ? "(none)" : response.substring(9, 12);
    }

    private static String everyViewSees(String filename) {
        int size = Samples.png().length;
        return "getParts file " + filename + " " + size + "\nspring-resolver file " + filename + " " + size
                + "\nfileupload2 file " + filename + " " + size + "\n";
    }

    static Stream<Arguments> charsets() {
        return eachContainerWith("ISO-8859-1", "Shift_JIS", "UTF-16", "x-no-such-charset");
    }

    /** commons-fileupload2 decodes part headers with getCharacterEncoding(): the canonical body is UTF-8. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("charsets")
    void declaredCharsetNeitherRenamesNorBreaksTheCheckedFile(ServletContainer container, String charset)
            throws Exception {
        start(container, true);
        String r = post("/guarded/x", CT + "; charset=" + charset, png("a.png"));
        assertThat(status(r)).as(r).isEqualTo("200");
        assertThat(r).contains(everyViewSees("a.png")).doesNotContain("failed");
    }

    static Stream<Arguments> nonUtf8() {
        return eachContainerWith("ISO-8859-1", "Shift_JIS", "x-no-such");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("nonUtf8")
    void nonAsciiNameUnderADeclaredNonUtf8CharsetThen400Ambiguous(ServletContainer container, String charset)
            throws Exception {
        start(container, true);
        String r = post("/guarded/x", CT + "; charset=" + charset, png("\u00e9\u0105.png"));
        assertThat(status(r)).as(r).isEqualTo("400");
        assertThat(r).contains("\"code\":\"MULTIPART_AMBIGUOUS\"").doesNotContain(" file ");
        String control = post("/guarded/x", CT + "; charset=UTF-8", png("\u00e9\u0105.png"));
        assertThat(status(control)).as(control).isEqualTo("200");
        assertThat(control).contains(everyViewSees("\u00e9\u0105.png")).doesNotContain("failed");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void withoutTheGuardADeclaredCharsetRenamesTheFileOnTomcatOnly(ServletContainer container) throws Exception {
        start(container, false);
        String r = post("/guarded/x", CT + "; charset=ISO-8859-1", png("\u00e9\u0105.png"));
        // Tomcat decodes the part headers with the declared charset (a C1 control appears), Jetty as UTF-8.
        assertThat(r).contains(container == ServletContainer.TOMCAT ? "getParts file \u00c3\u00a9\u00c4\u0085.png"
                : "getParts file \u00e9\u0105.png");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void filesStayReadableWhileTheApplicationIsAsynchronous(ServletContainer container) throws Exception {
        start(container, true);
        String r = post("/guarded/async", CT, png("a.png"));
        assertThat(status(r)).as(r).isEqualTo("200");
        assertThat(r).contains("after async " + everyViewSees("a.png"), "async context " + everyViewSees("a.png"))
                .doesNotContain("failed");
        assertSpoolEmptied();
        String sync = post("/guarded/x", CT, png("a.png")); // control: the synchronous path
        assertThat(sync).contains(everyViewSees("a.png"));
        assertSpoolEmptied();
    }

    private void assertSpoolEmptied() throws Exception {
        for (int i = 0; i < 100; i++) { // the container ends the asynchronous cycle after the response is sent
            try (Stream<Path> files = Files.list(spool)) {
                if (files.findAny().isEmpty()) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        try (Stream<Path> files = Files.list(spool)) {
            assertThat(files.toList()).as("temp files left in the spool").isEmpty();
        }
    }

    static Stream<Arguments> earlyReads() {
        return eachContainerWith("getReader", "getParameter", "getParts");
    }

    /** A deployment error, not a client's: a clear 500 problem, never a stack trace or a misleading 400. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("earlyReads")
    void bodyReadBeforeTheGuardThen500BodyAlreadyRead(ServletContainer container, String how) throws Exception {
        start(container, true, how);
        String r = post("/guarded/x", CT, png("a.png"));
        assertThat(status(r)).as(r).isEqualTo("500");
        assertThat(r).contains("application/problem+json", "\"code\":\"BODY_ALREADY_READ\"")
                .doesNotContain("Exception", " file ");
        stop();
        start(container, true); // control: the same request with the guard first
        assertThat(post("/guarded/x", CT, png("a.png"))).contains(everyViewSees("a.png"));
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void clientSendingLessThanItsContentLengthIsABadRequestNotBodyAlreadyRead(ServletContainer container)
            throws Exception {
        start(container, true);
        try (Socket s = new Socket("127.0.0.1", server.http().getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /guarded/x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + CT
                    + "\r\nContent-Length: 300\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            s.shutdownOutput();
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(status(r)).as(r).isEqualTo("400");
            assertThat(r).doesNotContain("BODY_ALREADY_READ");
        }
    }

    static Stream<Arguments> fieldCharsets() {
        return eachContainerWith("UTF-8", "ISO-8859-1", "UTF-16");
    }

    /** A text field sent in its declared charset (Apache HttpClient 4 sends ISO-8859-1): one value in every view. */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("fieldCharsets")
    void fieldValueIsReadAlikeByEveryViewWhateverItsDeclaredCharset(ServletContainer container, String charset)
            throws Exception {
        start(container, true);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(("--" + B + "\r\nContent-Disposition: form-data; name=\"title\"\r\nContent-Type: text/plain;"
                + " charset=" + charset + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        b.writeBytes("caf\u00e9".getBytes(java.nio.charset.Charset.forName(charset)));
        b.writeBytes(("\r\n--" + B + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        String r = post("/guarded/fields", CT, b.toByteArray());
        assertThat(status(r)).as(r).isEqualTo("200");
        assertThat(r).contains("param caf\u00e9\nfileupload2 caf\u00e9\n");
    }

    static Stream<Arguments> secondGuards() {
        return eachContainerWith("documents", "images");
    }

    /**
     * Two guards, {@code /guarded} (images) and {@code /docs} (documents, or images as the control): a file
     * the first accepted and forwarded into {@code /docs} is inspected again under the second's policy.
     */
    @ParameterizedTest(name = "{0} second guard {1}")
    @MethodSource("secondGuards")
    void forwardIntoAnotherGuardsPathIsInspectedUnderItsPolicy(ServletContainer container, String second)
            throws Exception {
        Path parts = Files.createDirectories(tmp.resolve("container-parts"));
        spool = Files.createDirectories(tmp.resolve("spool"));
        ServletContainerInitializer app = (classes, ctx) -> {
            ServletRegistration.Dynamic r = ctx.addServlet("app", new AppServlet());
            r.addMapping("/*");
            r.setMultipartConfig(new MultipartConfigElement(parts.toString()));
        };
        UploadPolicy docs = (second.equals("images") ? UploadPolicy.images() : UploadPolicy.documents()).toBuilder()
                .paths("/docs").tempDir(spool).build();
        server = container.builder().initializer(app, Set.of())
                .filter("images", new UploadGuardFilter(UploadPolicy.images().toBuilder().paths("/guarded")
                        .tempDir(spool).build()), "/*")
                .filter("docs", new UploadGuardFilter(docs), "/*").start();
        String r = post("/guarded/forward-docs", CT, png("a.png"));
        if (second.equals("images")) { // control: the second guard accepts it too, and the servlet sees it
            assertThat(status(r)).as(r).isEqualTo("200");
            assertThat(r).contains("at FORWARD\n" + everyViewSees("a.png"));
        } else {
            assertThat(status(r)).as(r).isEqualTo("415");
            assertThat(r).contains("\"code\":\"EXTENSION_NOT_ALLOWED\"").doesNotContain(" file ");
        }
        assertSpoolEmptied();
    }

    static Stream<Arguments> dispatches() {
        return eachContainerWith("forward", "include", "async-dispatch");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dispatches")
    void dispatchedRequestKeepsTheCheckedParts(ServletContainer container, String dispatch) throws Exception {
        start(container, true);
        String r = post("/guarded/" + dispatch, CT, png("a.png"));
        assertThat(status(r)).as(r).isEqualTo("200");
        assertThat(r).contains(everyViewSees("a.png")).doesNotContain("failed");
        assertSpoolEmptied();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dispatches")
    void dispatchFromAnUnguardedPathIntoAGuardedOneIsInspected(ServletContainer container, String dispatch)
            throws Exception {
        start(container, true);
        String r = post("/open/" + dispatch, CT, evil());
        // An include cannot change the status (Servlet 6.0 §9.3): the refusal is its body.
        assertThat(r).contains("\"code\":\"EXTENSION_NOT_ALLOWED\"").doesNotContain("file evil.php");
        String control = post("/open/" + dispatch, CT, png("a.png"));
        assertThat(status(control)).as(control).isEqualTo("200");
        assertThat(control).contains(everyViewSees("a.png"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dispatches")
    void withoutTheGuardTheDispatchedServletReadsEvilPhp(ServletContainer container, String dispatch)
            throws Exception {
        start(container, false);
        assertThat(post("/open/" + dispatch, CT, evil())).contains("getParts file evil.php");
    }
}
