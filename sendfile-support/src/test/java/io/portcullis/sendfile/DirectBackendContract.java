package io.portcullis.sendfile;

import static io.portcullis.sendfile.Fixture.TOKEN;
import static io.portcullis.sendfile.Fixture.get;
import static io.portcullis.sendfile.Fixture.query;
import static io.portcullis.sendfile.Fixture.send;
import static io.portcullis.sendfile.Fixture.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.testing.ContainerBuilder;
import io.portcullis.testing.TestServer;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The DIRECT backend's answers over real HTTP; run on Jetty and on Tomcat by the subclasses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DirectBackendContract {

    Fixture fx;
    TestServer server;

    abstract ContainerBuilder container();

    @BeforeAll
    void start() {
        fx = new Fixture();
        Sendfile sendfile = new Sendfile(SendfilePolicy.builder(fx.root).backend(Backend.DIRECT).maxRanges(4).build());
        server = container().servlet("download", new Fixture.DownloadServlet(sendfile), "/download").start();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        fx.close();
    }

    HttpResponse<byte[]> download(String name, String... headers) {
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Authorization";
        all[headers.length + 1] = TOKEN;
        return get(server.http(query(name)), all);
    }

    static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    @Test
    void authorisedRequestGetsExactBytesWithIntendedHeaders() {
        HttpResponse<byte[]> r = download("report.pdf");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(sha256(r.body())).isEqualTo(sha256(fx.report));
        assertThat(header(r, "Content-Type")).isEqualTo("application/pdf");
        assertThat(header(r, "Content-Length")).isEqualTo("100000");
        assertThat(header(r, "Content-Disposition")).isEqualTo("attachment; filename=\"report.pdf\"");
        assertThat(header(r, "X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(header(r, "Cache-Control")).isEqualTo("private, no-cache");
        assertThat(header(r, "Accept-Ranges")).isEqualTo("bytes");
        assertThat(header(r, "ETag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(header(r, "Last-Modified")).endsWith(" GMT");
        assertThat(header(r, "Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("x-sendfile") || h.toLowerCase().startsWith("x-accel"));
    }

    @Test
    void unauthorisedRequestGets403AndNoneOfTheBytes() {
        HttpResponse<byte[]> r = get(server.http(query("report.pdf")));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(Fixture.contains(r.body(), Arrays.copyOf(fx.report, 64))).isFalse();
    }

    @Test
    void traversalAndSymlinkEscapesGet404AndNoSecret() {
        for (String name : Fixture.ESCAPES) {
            HttpResponse<byte[]> r = download(name);
            assertThat(r.statusCode()).as(name).isEqualTo(404);
            assertThat(Fixture.contains(r.body(), fx.secret)).as(name).isFalse();
            assertThat(header(r, "Content-Type")).as(name).startsWith("application/problem+json");
        }
        // positive control under the same configuration: a symlink staying inside is served
        assertThat(download("inside-link.pdf").statusCode()).isEqualTo(200);
    }

    @Test
    void specialCharacterNamesDeliverExactBytes() {
        for (String name : Fixture.SPECIAL_NAMES) {
            HttpResponse<byte[]> r = download(name);
            assertThat(r.statusCode()).as(name).isEqualTo(200);
            assertThat(r.body()).as(name).isEqualTo(fx.bytesOf(name));
            assertThat(header(r, "Content-Disposition")).as(name).startsWith("attachment; filename=\"");
        }
        assertThat(header(download("résumé.txt"), "Content-Disposition"))
                .isEqualTo("attachment; filename=\"resume.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt");
    }

    @Test
    void singleRangeGets206WithThatSlice() {
        HttpResponse<byte[]> r = download("report.pdf", "Range", "bytes=10-19");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(header(r, "Content-Range")).isEqualTo("bytes 10-19/100000");
        assertThat(header(r, "Content-Length")).isEqualTo("10");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(fx.report, 10, 20));
        HttpResponse<byte[]> suffix = download("report.pdf", "Range", "bytes=-100");
        assertThat(header(suffix, "Content-Range")).isEqualTo("bytes 99900-99999/100000");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(fx.report, 99900, 100000));
    }

    @Test
    void multipleRangesGetMultipartByteranges() {
        HttpResponse<byte[]> r = download("report.pdf", "Range", "bytes=0-4,1000-1009");
        assertThat(r.statusCode()).isEqualTo(206);
        String type = header(r, "Content-Type");
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(r.body().length));
        String boundary = type.substring(type.indexOf("boundary=") + 9);
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        assertThat(body.split("--" + boundary + "\r\n", -1)).hasSize(3);
        assertThat(body).contains("Content-Range: bytes 0-4/100000\r\n").contains("Content-Range: bytes 1000-1009/100000\r\n")
                .endsWith("\r\n--" + boundary + "--\r\n");
        String first = body.substring(body.indexOf("bytes 0-4/100000\r\n\r\n") + 20, body.indexOf("bytes 0-4/100000\r\n\r\n") + 25);
        assertThat(first.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(Arrays.copyOfRange(fx.report, 0, 5));
    }

    @Test
    void moreRangesThanTheCapGetTheWholeFileOnce() {
        HttpResponse<byte[]> r = download("report.pdf", "Range", "bytes=0-0,2-2,4-4,6-6,8-8");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(fx.report);
        HttpResponse<byte[]> four = download("report.pdf", "Range", "bytes=0-0,2-2,4-4,6-6");
        assertThat(four.statusCode()).isEqualTo(206);
    }

    @Test
    void unsatisfiableRangeGets416WithStarContentRange() {
        HttpResponse<byte[]> r = download("report.pdf", "Range", "bytes=100000-");
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(header(r, "Content-Range")).isEqualTo("bytes */100000");
        assertThat(Fixture.contains(r.body(), Arrays.copyOf(fx.report, 16))).isFalse();
    }

    @Test
    void ifNoneMatchGets304WithoutBody() {
        String etag = header(download("report.pdf"), "ETag");
        HttpResponse<byte[]> r = download("report.pdf", "If-None-Match", etag);
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(header(r, "ETag")).isEqualTo(etag);
        assertThat(download("report.pdf", "If-None-Match", "W/" + etag).statusCode()).isEqualTo(304);
        assertThat(download("report.pdf", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void ifModifiedSinceGets304OnlyWhenNotNewer() {
        String lastModified = header(download("report.pdf"), "Last-Modified");
        assertThat(download("report.pdf", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(download("report.pdf", "If-Modified-Since", "Sat, 01 Jan 2000 00:00:00 GMT").statusCode()).isEqualTo(200);
        // If-None-Match takes precedence over If-Modified-Since (RFC 9110 §13.2.2)
        assertThat(download("report.pdf", "If-None-Match", "\"other\"", "If-Modified-Since", lastModified).statusCode()).isEqualTo(200);
    }

    @Test
    void ifRangeHonoursTheRangeOnlyWhenTheValidatorMatches() {
        HttpResponse<byte[]> full = download("report.pdf");
        String etag = header(full, "ETag");
        assertThat(download("report.pdf", "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
        assertThat(download("report.pdf", "Range", "bytes=0-9", "If-Range", header(full, "Last-Modified")).statusCode()).isEqualTo(206);
        HttpResponse<byte[]> stale = download("report.pdf", "Range", "bytes=0-9", "If-Range", "\"stale\"");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(fx.report);
        assertThat(download("report.pdf", "Range", "bytes=0-9", "If-Range", "W/" + etag).statusCode()).isEqualTo(200);
    }

    @Test
    void ifMatchMismatchGets412() {
        assertThat(download("report.pdf", "If-Match", "\"other\"").statusCode()).isEqualTo(412);
        assertThat(download("report.pdf", "If-Unmodified-Since", "Sat, 01 Jan 2000 00:00:00 GMT").statusCode()).isEqualTo(412);
        assertThat(download("report.pdf", "If-Match", "*").statusCode()).isEqualTo(200);
    }

    @Test
    void headGetsHeadersAndNoBody() {
        HttpResponse<byte[]> r = send("HEAD", server.http(query("report.pdf")), "Authorization", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(header(r, "Content-Length")).isEqualTo("100000");
        assertThat(header(r, "ETag")).isNotNull();
        assertThat(r.body()).isEmpty();
    }

    @Test
    void activeTypesAreSandboxedAndOptionsApply() {
        HttpResponse<byte[]> html = download("page.html");
        assertThat(header(html, "Content-Security-Policy")).isEqualTo("sandbox");
        assertThat(header(html, "Content-Type")).matches("text/html; ?charset=(?i:utf-8)");
        HttpResponse<byte[]> pdf = get(server.http(query("report.pdf") + "&inline=1&sandbox=1"), "Authorization", TOKEN);
        assertThat(header(pdf, "Content-Disposition")).isEqualTo("inline; filename=\"report.pdf\"");
        assertThat(header(pdf, "Content-Security-Policy")).isEqualTo("sandbox");
        assertThat(header(download("report.pdf"), "Content-Security-Policy")).isNull();
    }

    @Test
    void hostileDownloadNameCannotInjectHeadersOrPaths() {
        String evil = "../..\\evil\";\r\nSet-Cookie: pwned=1; x=\".html";
        HttpResponse<byte[]> r = get(server.http(query("report.pdf") + "&as=" + java.net.URLEncoder.encode(evil, StandardCharsets.UTF_8)),
                "Authorization", TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().allValues("Set-Cookie")).isEmpty();
        String cd = header(r, "Content-Disposition");
        assertThat(cd).startsWith("attachment; filename=\"").doesNotContain("\r").doesNotContain("\n").doesNotContain("/")
                .doesNotContain("\\");
        assertThat(cd.substring(cd.indexOf('"') + 1, cd.indexOf('"', cd.indexOf('"') + 1))).doesNotContain(";");
        assertThat(r.body()).isEqualTo(fx.report);
    }

    @Test
    void veryLongDownloadNameIsCutSoTheDownloadStillWorks() {
        // 400 x U+FDFA: 10.8 KB of Content-Disposition uncut (nginx 502 above 4 KiB of headers, Apache above 8 KiB)
        for (String as : new String[] {"\uFDFA".repeat(400) + ".pdf", "r\u00e9sum\u00e9.pdf"}) {
            HttpResponse<byte[]> r = get(server.http(query("report.pdf")
                    + "&as=" + URLEncoder.encode(as, StandardCharsets.UTF_8)), "Authorization", TOKEN);
            assertThat(r.statusCode()).as(as.length() + " characters").isEqualTo(200);
            assertThat(r.body()).as(as.length() + " characters").isEqualTo(fx.report);
            String cd = header(r, "Content-Disposition");
            assertThat(cd.length()).as(as.length() + " characters").isLessThan(1100);
            assertThat(cd).as(as.length() + " characters").endsWith(as.length() > 100 ? "%EF%B7%BA.pdf" : "r%C3%A9sum%C3%A9.pdf");
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
    @Test
    void sparseFileOver2GiBHasItsExactLengthAndTail() throws java.io.IOException {
        long size = 3L << 30;
        java.nio.file.Path big = fx.root.resolve("big.bin");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(size);
            f.seek(size - 4);
            f.write("TAIL".getBytes(StandardCharsets.US_ASCII));
        }
        HttpResponse<byte[]> head = send("HEAD", server.http(query("big.bin")), "Authorization", TOKEN);
        assertThat(header(head, "Content-Length")).isEqualTo(Long.toString(size));
        HttpResponse<byte[]> tail = download("big.bin", "Range", "bytes=-4");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(header(tail, "Content-Range")).isEqualTo("bytes " + (size - 4) + "-" + (size - 1) + "/" + size);
        assertThat(tail.body()).isEqualTo("TAIL".getBytes(StandardCharsets.US_ASCII));
        HttpResponse<byte[]> past = download("big.bin", "Range", "bytes=" + (size - 70000) + "-" + (size - 1));
        assertThat(past.statusCode()).isEqualTo(206);
        assertThat(past.body()).hasSize(70000).endsWith("TAIL".getBytes(StandardCharsets.US_ASCII));
        java.nio.file.Files.delete(big);
    }
}
