package io.portcullis.sendfile;

import static io.portcullis.sendfile.Fixture.TOKEN;
import static io.portcullis.sendfile.Fixture.get;
import static io.portcullis.sendfile.Fixture.query;
import static io.portcullis.sendfile.Fixture.send;
import static io.portcullis.sendfile.Fixture.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.EmbeddedJetty;
import io.portcullis.testing.FreePort;
import io.portcullis.testing.RealServer;
import io.portcullis.testing.TestServer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A real front server (nginx, Apache httpd + mod_xsendfile, lighttpd) as reverse proxy on a
 * loopback port in front of an embedded Jetty app, configured with the snippet
 * {@link FrontServerConfig} generates (inserted verbatim into a minimal server config).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FrontServerContract {

    Fixture fx;
    TestServer app;
    Fixture.DownloadServlet servlet;
    RealServer front;
    SendfilePolicy policy;
    String generated;

    abstract Backend backend();

    abstract RealServer.Binary binary();

    /** The whole server config: {@code generated} plus what a test server needs around it. */
    abstract String serverConfig(Path conf, int port, int appPort, String generated);

    @BeforeAll
    void start() throws IOException {
        RealServer.require(binary());
        fx = new Fixture();
        policy = SendfilePolicy.builder(fx.root).backend(backend()).build();
        servlet = new Fixture.DownloadServlet(new Sendfile(policy));
        app = EmbeddedJetty.builder().filter("swap", this::swapAfterAuthorisation, "/download")
                .servlet("download", servlet, "/download").start();
        Path conf = fx.dir.mkdirs("conf");
        fx.dir.mkdirs("conf/empty");
        int port = FreePort.next();
        generated = FrontServerConfig.of(policy).forBackend("127.0.0.1", app.httpPort());
        Path file = conf.resolve("server.conf");
        Files.writeString(file, serverConfig(conf, port, app.httpPort(), generated));
        front = RealServer.start(binary(), file, port);
    }

    @AfterAll
    void stop() {
        if (front != null) {
            front.close();
        }
        if (app != null) {
            app.close();
        }
        if (fx != null) {
            fx.close();
        }
    }

    /**
     * With {@code swap=1}: the moment the application sets the offload header (it has checked the
     * file), the file is replaced by a symlink to the secret outside the root, as a local attacker
     * racing the front server would.
     */
    private void swapAfterAuthorisation(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (req.getParameter("swap") == null) {
            chain.doFilter(req, res);
            return;
        }
        Path file = fx.root.resolve(req.getParameter("name"));
        chain.doFilter(req, new HttpServletResponseWrapper((HttpServletResponse) res) {
            @Override
            public void setHeader(String name, String value) {
                if (name.equalsIgnoreCase(backend().offloadHeader())) {
                    try {
                        Files.delete(file);
                        Files.createSymbolicLink(file, fx.outside.resolve("secret.txt"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                super.setHeader(name, value);
            }
        });
    }

    /** Whether the generated configuration makes the server refuse a symlink in the offloaded path. */
    boolean refusesSymlinkInOffloadedPath() {
        return true;
    }

    URI at(String pathAndQuery) {
        return URI.create(front.http() + pathAndQuery);
    }

    HttpResponse<byte[]> download(String name, String... headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = TOKEN;
        return get(at(query(name)), all);
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    static void assertNoOffloadHeaderLeaked(HttpResponse<?> r) {
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-sendfile")
                || h.toLowerCase().startsWith("x-accel") || h.toLowerCase().startsWith("x-lighttpd"));
    }

    @Test
    void authorisedRequestGetsExactBytesFromTheFrontServerWithIntendedHeaders() {
        HttpResponse<byte[]> r = download("report.pdf");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sha256(r.body())).isEqualTo(sha256(fx.report));
        assertThat(servlet.last.get()).isEqualTo("OFFLOADED 200");
        assertThat(header(r, "Content-Length")).isEqualTo("100000");
        assertThat(header(r, "Content-Type")).isEqualTo("application/pdf");
        assertThat(header(r, "Content-Disposition")).isEqualTo("attachment; filename=\"report.pdf\"");
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(r, "Cache-Control")).isEqualTo("private, no-cache");
        assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(header(r, "Content-Encoding")).isNull();
        assertNoOffloadHeaderLeaked(r);
    }

    @Test
    void sandboxHeaderSurvivesOffloading() {
        HttpResponse<byte[]> html = download("page.html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(header(html, "Content-Security-Policy")).isEqualTo("sandbox");
        assertThat(html.body()).isEqualTo(fx.bytesOf("page.html"));
        HttpResponse<byte[]> pdf = get(at(query("report.pdf") + "&inline=1&sandbox=1"), "Authorization", TOKEN);
        assertThat(header(pdf, "Content-Security-Policy")).isEqualTo("sandbox");
        assertThat(header(pdf, "Content-Disposition")).isEqualTo("inline; filename=\"report.pdf\"");
    }

    @Test
    void unauthorisedRequestGets403AndNoneOfTheBytes() {
        HttpResponse<byte[]> r = get(at(query("report.pdf")));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(Fixture.contains(r.body(), Arrays.copyOf(fx.report, 64))).isFalse();
        assertNoOffloadHeaderLeaked(r);
    }

    @Test
    void internalLocationAndRootCannotBeFetchedDirectly() {
        for (String path : new String[] {policy.nginxInternalPrefix() + "report.pdf", fx.root + "/report.pdf",
                policy.realRoot() + "/report.pdf", "/report.pdf"}) {
            HttpResponse<byte[]> r = get(at(path), "Authorization", TOKEN);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(Fixture.contains(r.body(), Arrays.copyOf(fx.report, 64))).as(path).isFalse();
        }
    }

    @Test
    void requestHeadersCannotChooseOrMapTheOffload() {
        // the Rack/Symfony CVEs: the app must not take X-Sendfile-Type / X-Accel-Mapping from the request
        HttpResponse<byte[]> r = download("report.pdf", "X-Sendfile-Type", "Content-Type",
                "X-Accel-Mapping", fx.root + "/=/etc/", "X-Sendfile", "/etc/passwd");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Type")).isEqualTo("application/pdf");
        assertThat(r.body()).isEqualTo(fx.report);
    }

    @Test
    void traversalAndSymlinkEscapesGet404AndNoSecret() {
        for (String name : Fixture.ESCAPES) {
            HttpResponse<byte[]> r = download(name);
            if (name.indexOf('\0') >= 0 && r.statusCode() == 400) {
                // lighttpd refuses %00 in the request line itself; the app never sees it
                assertThat(servlet.last.get()).as(name).isNotEqualTo("OFFLOADED 200");
            } else {
                assertThat(r.statusCode()).as(name).isEqualTo(404);
            }
            assertThat(Fixture.contains(r.body(), fx.secret)).as(name).isFalse();
            assertNoOffloadHeaderLeaked(r);
        }
        assertThat(download("inside-link.pdf").body()).isEqualTo(fx.report);
    }

    @Test
    void rangeGets206SliceFromTheFrontServerWhileTheAppAnswered200() {
        HttpResponse<byte[]> r = download("report.pdf", "Range", "bytes=10-19");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(servlet.last.get()).isEqualTo("OFFLOADED 200");
        assertThat(header(r, "Content-Range")).isEqualTo("bytes 10-19/100000");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(fx.report, 10, 20));
        HttpResponse<byte[]> tail = download("report.pdf", "Range", "bytes=99990-");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(fx.report, 99990, 100000));
        assertNoOffloadHeaderLeaked(tail);
    }

    @Test
    void conditionalRequestGets304FromTheFrontServerWithoutBody() {
        HttpResponse<byte[]> first = download("report.pdf");
        String etag = header(first, "ETag");
        assertThat(etag).as("front server's ETag").isNotNull();
        HttpResponse<byte[]> r = download("report.pdf", "If-None-Match", etag);
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertNoOffloadHeaderLeaked(r);
        HttpResponse<byte[]> ims = download("report.pdf", "If-Modified-Since", header(first, "Last-Modified"));
        assertThat(ims.statusCode()).isEqualTo(304);
    }

    @Test
    void validatorOfAReplacedFileNeitherRevalidatesNorSplicesTheNewFile() throws IOException {
        // the same name now holds other bytes (an avatar or a "latest" report replaced after the first download)
        byte[] before = new byte[3000];
        byte[] after = new byte[5000];
        Arrays.fill(before, (byte) 'a');
        Arrays.fill(after, (byte) 'b');
        Path file = fx.dir.write("root/replaced.bin", before);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-01-01T00:00:00Z")));
        String oldTag = header(download("replaced.bin"), "ETag");
        fx.dir.write("root/replaced.bin", after);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2025-06-01T00:00:00Z")));

        HttpResponse<byte[]> plain = download("replaced.bin");
        assertThat(plain.body()).as("whole new file, not cut to the old length").isEqualTo(after);
        HttpResponse<byte[]> revalidated = download("replaced.bin", "If-None-Match", oldTag);
        assertThat(revalidated.statusCode()).as("If-None-Match " + oldTag).isEqualTo(200);
        assertThat(revalidated.body()).isEqualTo(after);
        HttpResponse<byte[]> resumed = download("replaced.bin", "Range", "bytes=0-9", "If-Range", oldTag);
        assertThat(resumed.statusCode()).as("If-Range " + oldTag).isEqualTo(200);
        assertThat(resumed.body()).isEqualTo(after);

        // control: the new file's own validator still gives 304 and a 206 slice
        String newTag = header(download("replaced.bin"), "ETag");
        assertThat(newTag).isNotEqualTo(oldTag);
        assertThat(download("replaced.bin", "If-None-Match", newTag).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> slice = download("replaced.bin", "Range", "bytes=0-9", "If-Range", newTag);
        assertThat(slice.statusCode()).isEqualTo(206);
        assertThat(slice.body()).isEqualTo(Arrays.copyOf(after, 10));
    }

    @Test
    void headGetsHeadersWithoutBody() {
        HttpResponse<byte[]> r = send("HEAD", at(query("report.pdf")), "Authorization", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(header(r, "Content-Type")).isEqualTo("application/pdf");
        assertNoOffloadHeaderLeaked(r);
    }

    @Test
    void specialCharacterAndNonAsciiNamesDeliverExactBytes() {
        for (String name : Fixture.SPECIAL_NAMES) {
            HttpResponse<byte[]> r = download(name);
            assertThat(r.statusCode()).as(name).isEqualTo(200);
            assertThat(r.body()).as(name).isEqualTo(fx.bytesOf(name));
        }
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void veryLongDownloadNameIsCutSoTheDownloadStillWorks() {
        // 400 x U+FDFA: 10.8 KB of Content-Disposition uncut (nginx 502 above 4 KiB of headers, Apache above 8 KiB)
        for (String as : new String[] {"\uFDFA".repeat(400) + ".pdf", "r\u00e9sum\u00e9.pdf"}) {
            HttpResponse<byte[]> r = get(at(query("report.pdf")
                    + "&as=" + URLEncoder.encode(as, StandardCharsets.UTF_8)), "Authorization", TOKEN);
            assertThat(r.statusCode()).as(as.length() + " characters").isEqualTo(200);
            assertThat(r.body()).as(as.length() + " characters").isEqualTo(fx.report);
            String cd = header(r, "Content-Disposition");
            assertThat(cd.length()).as(as.length() + " characters").isLessThan(1100);
            assertThat(cd).as(as.length() + " characters").endsWith(as.length() > 100 ? "%EF%B7%BA.pdf" : "r%C3%A9sum%C3%A9.pdf");
        }
    }
    @Test
    void fileSwappedForAnEscapingSymlinkAfterAuthorisationIsNotFollowed() {
        fx.dir.write("root/swap.pdf", "swap me\n");
        HttpResponse<byte[]> control = download("swap.pdf");
        assertThat(control.body()).isEqualTo("swap me\n".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> r = get(at(query("swap.pdf") + "&swap=1"), "Authorization", TOKEN);
        assertThat(servlet.last.get()).as("the app authorised a regular file").isEqualTo("OFFLOADED 200");
        if (refusesSymlinkInOffloadedPath()) {
            assertThat(r.statusCode()).isIn(403, 404);
            assertThat(Fixture.contains(r.body(), fx.secret)).isFalse();
        } else {
            // pinned limitation: mod_xsendfile follows it and has no switch against it (docs/sendfile-support.md)
            assertThat(r.body()).isEqualTo(fx.secret);
        }
    }
    @Test
    void emptyFileWithAnyRangeIs200WithNoBodyNot416() {
        fx.dir.write("root/empty.bin", new byte[0]);
        for (String range : new String[] {"bytes=0-", "bytes=0-0", "bytes=-5"}) {
            HttpResponse<byte[]> r = download("empty.bin", "Range", range);
            assertThat(r.statusCode()).as(range).isEqualTo(200);
            assertThat(r.body()).as(range).isEmpty();
        }
        // control: the same ranges on a non-empty file are answered 206
        assertThat(download("report.pdf", "Range", "bytes=-5").statusCode()).isEqualTo(206);
    }
}
