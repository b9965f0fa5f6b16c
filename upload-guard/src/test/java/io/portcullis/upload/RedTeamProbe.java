package io.portcullis.upload;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scratch exploration (not committed). */
class RedTeamProbe {

    static final String B = "b0undary7MA4YWxk";

    @TempDir
    Path tmp;

    static final class App extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            StringBuilder out = new StringBuilder();
            out.append("enc=").append(req.getCharacterEncoding()).append(" ct=").append(req.getContentType()).append('\n');
            for (AppParsers.Seen s : List.of(AppParsers.getParts(req), AppParsers.springResolver(req),
                    AppParsers.fileUpload2(req))) {
                for (AppParsers.FileSeen f : s.files()) {
                    out.append(s.parser()).append(" file ").append(esc(f.filename())).append(" ").append(f.bytes().length).append('\n');
                }
                if (s.failure() != null) {
                    out.append(s.parser()).append(" failed ").append(s.failure()).append("\n");
                }
            }
            try {
                for (jakarta.servlet.http.Part p : req.getParts()) {
                    out.append("part ").append(p.getName()).append(" sub=").append(p.getSubmittedFileName())
                        .append(" size=").append(p.getSize()).append('\n');
                }
            } catch (Exception e) {
                out.append("parts ex ").append(e).append('\n');
            }
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write(out.toString());
        }
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c > 0x7e) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    TestServer start(ServletContainer c, boolean guard) throws IOException {
        Path parts = Files.createDirectories(tmp.resolve("cparts-" + c + guard));
        ServletContainerInitializer app = (classes, ctx) -> {
            ServletRegistration.Dynamic r = ctx.addServlet("app", new App());
            r.addMapping("/*");
            r.setMultipartConfig(new MultipartConfigElement(parts.toString()));
        };
        var b = c.builder().initializer(app, Set.of());
        if (guard) {
            b.filter("guard", new UploadGuardFilter(UploadPolicy.images().toBuilder()
                .tempDir(Files.createDirectories(tmp.resolve("spool-" + c))).build()), "/*");
        }
        return b.start();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String raw(TestServer server, byte[] head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.http().getPort())) {
            s.setSoTimeout(8000);
            OutputStream out = s.getOutputStream();
            out.write(head);
            out.write(body);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (IOException e) {
                all.writeBytes(bytes("\n[read: " + e + "]"));
            }
            return all.toString(StandardCharsets.UTF_8);
        }
    }

    static String evil(String b) {
        return "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"evil.php\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n<?php system($_GET['c']); ?>\r\n--" + b + "--\r\n";
    }

    static String png(String name) {
        return "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n\r\n"
            + new String(Samples.png(), StandardCharsets.ISO_8859_1) + "\r\n--" + B + "--\r\n";
    }

    record Case(String name, byte[] head, byte[] body) {
    }

    static Case post(String name, String headers, String body) {
        byte[] b = bytes(body);
        return new Case(name, bytes("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
            + "Content-Length: " + b.length + "\r\n\r\n"), b);
    }

    static Case postUtf8(String name, String headers, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return new Case(name, ("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
            + "Content-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8), b);
    }

    List<Case> cases() {
        List<Case> cs = new ArrayList<>();
        String ct = "Content-Type: multipart/form-data; boundary=" + B + "\r\n";
        cs.add(post("control-png", ct, png("a.png")));
        cs.add(post("utf8-name-nocharset", ct, png("\u00c3\u00a9.png")));
        cs.add(post("utf8-name-latin1", "Content-Type: multipart/form-data; boundary=" + B + "; charset=ISO-8859-1\r\n", png("\u00c3\u00a9.png")));
        cs.add(post("control-evil", ct, evil(B)));
        cs.add(postUtf8("dotless-i", "Content-Type: mult\u0131part/form-data; boundary=" + B + "\r\n", evil(B)));
        cs.add(postUtf8("dotless-i-upper", "Content-Type: MULT\u0131PART/FORM-DATA; boundary=" + B + "\r\n", evil(B)));
        cs.add(post("ctl-lead", "Content-Type: \u0001multipart/form-data; boundary=" + B + "\r\n", evil(B)));
        cs.add(post("vt-lead", "Content-Type: \u000bmultipart/form-data; boundary=" + B + "\r\n", evil(B)));
        cs.add(post("nbsp-lead", "Content-Type: \u00a0multipart/form-data; boundary=" + B + "\r\n", evil(B)));
        cs.add(post("quoted-type", "Content-Type: \"multipart/form-data\"; boundary=" + B + "\r\n", evil(B)));
        cs.add(post("text-plain", "Content-Type: text/plain; boundary=" + B + "\r\n", evil(B)));
        cs.add(post("no-ct", "", evil(B)));
        cs.add(post("urlenc", "Content-Type: application/x-www-form-urlencoded; boundary=" + B + "\r\n", evil(B)));
        cs.add(post("charset-latin1", "Content-Type: multipart/form-data; boundary=" + B + "; charset=ISO-8859-1\r\n",
            new String(png("\u00e9.png").getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)));
        cs.add(post("charset-utf16", "Content-Type: multipart/form-data; boundary=" + B + "; charset=UTF-16\r\n", png("a.png")));
        cs.add(post("charset-bogus", "Content-Type: multipart/form-data; boundary=" + B + "; charset=nope\r\n", png("a.png")));
        cs.add(post("charset-first", "Content-Type: multipart/form-data; charset=utf-8; boundary=" + B + "\r\n", png("a.png")));
        cs.add(post("boundary-upper", "Content-Type: multipart/form-data; BOUNDARY=" + B + "\r\n", evil(B)));
        cs.add(post("two-ct", ct + "Content-Type: text/plain\r\n", evil(B)));
        cs.add(post("two-ct-rev", "Content-Type: text/plain\r\n" + ct, evil(B)));
        cs.add(post("ct-comma", "Content-Type: text/plain, multipart/form-data; boundary=" + B + "\r\n", evil(B)));
        cs.add(post("ct-lf-only-body", ct, evil(B).replace("\r\n", "\n")));
        cs.add(post("padding", ct, evil(B).replaceFirst("\r\n", "   \r\n")));
        cs.add(post("cte-base64", ct, "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\nPD9waHAgPz4=\r\n--" + B + "--\r\n"));
        cs.add(post("nested-mixed", ct, "--" + B + "\r\nContent-Disposition: form-data; name=\"files\"\r\n"
            + "Content-Type: multipart/mixed; boundary=X\r\n\r\n--X\r\nContent-Disposition: file; filename=\"evil.php\"\r\n\r\n"
            + "<?php ?>\r\n--X--\r\n--" + B + "--\r\n"));
        cs.add(post("nested-mixed-ct-case", ct, "--" + B + "\r\nContent-Disposition: form-data; name=\"files\"\r\n"
            + "content-type: MULTIPART/MIXED; boundary=X\r\n\r\n--X\r\nContent-Disposition: file; filename=\"evil.php\"\r\n\r\n"
            + "<?php ?>\r\n--X--\r\n--" + B + "--\r\n"));
        cs.add(post("rfc2231", ct, "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename*0=\"evil\"; filename*1=\".php\"\r\n\r\n"
            + "<?php ?>\r\n--" + B + "--\r\n"));
        cs.add(post("field-php", ct, "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"\r\nContent-Type: application/x-php\r\n\r\n"
            + "<?php system($_GET['c']); ?>\r\n--" + B + "--\r\n"));
        cs.add(post("empty-filename-bytes", ct, "--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\"\r\n\r\n"
            + "<?php ?>\r\n--" + B + "--\r\n"));
        cs.add(post("gzip-ce", ct + "Content-Encoding: gzip\r\n", evil(B)));
        cs.add(post("expect", ct + "Expect: 100-continue\r\n", evil(B)));
        cs.add(post("expect-png", ct + "Expect: 100-continue\r\n", png("a.png")));
        return cs;
    }

    @Test
    void probe() throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        for (ServletContainer c : ServletContainer.values()) {
            for (boolean guard : new boolean[] {true, false}) {
                try (TestServer s = start(c, guard)) {
                    for (Case k : cases()) {
                        String r;
                        try {
                            r = raw(s, k.head(), k.body());
                        } catch (Exception e) {
                            r = "EXC " + e;
                        }
                        String status = r.length() > 12 ? r.substring(9, 12) : r;
                        int bodyAt = r.indexOf("\r\n\r\n");
                        String body = bodyAt < 0 ? r : r.substring(bodyAt + 4);
                        results.put(c + (guard ? " guard " : " bare  ") + k.name(), status + " " + body.replace("\n", " | "));
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        results.forEach((k, v) -> sb.append(k).append(" => ").append(v.length() > 700 ? v.substring(0, 700) : v).append('\n'));
        Files.writeString(Path.of("/tmp/redteam-probe.txt"), sb.toString());
    }
}
