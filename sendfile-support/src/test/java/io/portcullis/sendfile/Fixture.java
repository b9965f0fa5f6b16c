package io.portcullis.sendfile;

import io.portcullis.core.Problem;
import io.portcullis.testing.WorldReadableDir;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Test files and a tiny application: a world-readable root (Apache serves as www-data) with a
 * 100 kB binary, special-character names, a symlink inside and symlinks leading out, and a
 * secret next to (outside) the root.
 */
final class Fixture implements AutoCloseable {

    static final String TOKEN = "Bearer let-me-in";
    /** Names that every server must deliver: space, %, ?, #, +, ;, non-ASCII, an already-encoded look. */
    static final List<String> SPECIAL_NAMES = List.of("a b.txt", "100%.txt", "what?.txt", "hash#1.txt", "plus+sign.txt",
            "semi;colon.txt", "résumé.txt", "Б’quote.txt", "already%20encoded.txt", "日本語 ファイル.bin");
    /** Names that must all give 404 and none of the secret's bytes. */
    static final List<String> ESCAPES = List.of("../outside/secret.txt", "sub/../../outside/secret.txt", "..",
            "/etc/passwd", "%2e%2e/outside/secret.txt", "..%2foutside%2fsecret.txt", "escape-link", "escape-dir/secret.txt",
            "report.pdf\u0000.txt", "sub\\..\\..\\outside\\secret.txt", "./report.pdf", "sub//nested.txt", "sub", "missing.txt");

    final WorldReadableDir dir;
    final Path root;
    final Path outside;
    final byte[] report;
    final byte[] secret = "TOP-SECRET-OUTSIDE-ROOT".getBytes(StandardCharsets.UTF_8);

    Fixture() {
        dir = WorldReadableDir.create();
        root = dir.mkdirs("root");
        outside = dir.mkdirs("outside");
        report = new byte[100_000];
        new Random(42).nextBytes(report);
        dir.write("root/report.pdf", report);
        dir.write("root/sub/nested.txt", "nested\n");
        dir.write("root/page.html", "<script>alert(1)</script>");
        for (String name : SPECIAL_NAMES) {
            dir.write("root/" + name, ("content of " + name + "\n").getBytes(StandardCharsets.UTF_8));
        }
        dir.write("outside/secret.txt", secret);
        try {
            Files.createSymbolicLink(root.resolve("escape-link"), outside.resolve("secret.txt"));
            Files.createSymbolicLink(root.resolve("escape-dir"), outside);
            Files.createSymbolicLink(root.resolve("inside-link.pdf"), root.resolve("report.pdf"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] bytesOf(String name) {
        try {
            return Files.readAllBytes(root.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        dir.close();
    }

    /** The application: authorises with a bearer token, then hands the name (query parameter) to Sendfile. */
    static final class DownloadServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final transient Sendfile sendfile;
        /** What the application answered last ("OFFLOADED 200"), to tell app answers from front-server answers. */
        final transient java.util.concurrent.atomic.AtomicReference<String> last = new java.util.concurrent.atomic.AtomicReference<>();

        DownloadServlet(Sendfile sendfile) {
            this.sendfile = sendfile;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            if (!TOKEN.equals(req.getHeader("Authorization"))) {
                Problem.of(403, "FORBIDDEN", "Forbidden").write(resp);
                last.set("FORBIDDEN 403");
                return;
            }
            // a header a hardening filter would have set: must survive offloading
            resp.setHeader("Referrer-Policy", "no-referrer");
            SendOptions.Builder o = SendOptions.builder();
            if (req.getParameter("inline") != null) {
                o.disposition(Disposition.INLINE);
            }
            if (req.getParameter("as") != null) {
                o.downloadName(req.getParameter("as"));
            }
            if (req.getParameter("sandbox") != null) {
                o.sandbox(true);
            }
            SendOutcome outcome = sendfile.send(req, resp, req.getParameter("name"), o.build());
            resp.setHeader("X-Test-Outcome", outcome.name());
            last.set(outcome.name() + " " + resp.getStatus());
            if (Boolean.TRUE.equals(req.getAttribute(DirectResponder.TOMCAT_SUPPORT))
                    && req.getAttribute(DirectResponder.TOMCAT_FILENAME) != null) {
                resp.setHeader("X-Test-Zero-Copy", "tomcat");
            }
        }
    }

    static String query(String name) {
        return "/download?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static HttpResponse<byte[]> get(URI uri, String... headers) {
        return send("GET", uri, headers);
    }

    static HttpResponse<byte[]> send(String method, URI uri, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
