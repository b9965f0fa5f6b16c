package io.portcullis.upload;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedTeamProbe3 {
    static final String B = RedTeamProbe.B;
    @TempDir
    Path tmp;

    TestServer start(ServletContainer c, Path spool, String before) throws Exception {
        Path parts = Files.createDirectories(tmp.resolve("cparts-" + c + before));
        ServletContainerInitializer app = (classes, ctx) -> {
            if (before != null) {
                FilterRegistration.Dynamic pre = ctx.addFilter("pre", (Filter) (rq, rs, ch) -> {
                    HttpServletRequest h = (HttpServletRequest) rq;
                    if (before.equals("param")) {
                        h.getParameter("_csrf");
                    } else if (before.equals("reader")) {
                        h.getReader();
                    } else if (before.equals("parts")) {
                        try { h.getParts(); } catch (Exception e) { }
                    }
                    ch.doFilter(rq, rs);
                });
                pre.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
            }
            FilterRegistration.Dynamic f = ctx.addFilter("guard", new UploadGuardFilter(UploadPolicy.images().toBuilder()
                .paths("/guarded").tempDir(spool).build()));
            f.setAsyncSupported(true);
            f.addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), true, "/*");
            ServletRegistration.Dynamic r = ctx.addServlet("app", new RedTeamProbe.App());
            r.addMapping("/*");
            r.setMultipartConfig(new MultipartConfigElement(parts.toString()));
        };
        return c.builder().initializer(app, Set.of()).start();
    }

    static volatile boolean HALF;

    static String send(TestServer s, byte[] all, boolean closeEarly) {
        try (Socket so = new Socket("127.0.0.1", s.http().getPort())) {
            so.setSoTimeout(6000);
            OutputStream out = so.getOutputStream();
            out.write(all);
            out.flush();
            if (HALF) {
                so.shutdownOutput();
            }
            if (closeEarly) {
                Thread.sleep(300);
                return "closed";
            }
            InputStream in = so.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try {
                in.transferTo(b);
            } catch (Exception e) {
                b.writeBytes(("[read " + e + "]").getBytes());
            }
            return b.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "EXC " + e;
        }
    }

    static byte[] req(String line, String headers, byte[] body, boolean cl) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes((line + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers + (cl ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        o.writeBytes(body);
        return o.toByteArray();
    }

    static byte[] chunked(byte[] body, String tail) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int half = body.length / 2;
        o.writeBytes((Integer.toHexString(half) + "\r\n").getBytes());
        o.write(body, 0, half);
        o.writeBytes(("\r\n" + Integer.toHexString(body.length - half) + "\r\n").getBytes());
        o.write(body, half, body.length - half);
        o.writeBytes(("\r\n" + tail).getBytes());
        return o.toByteArray();
    }

    @Test
    void probe() throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        String ct = "Content-Type: multipart/form-data; boundary=" + B + "\r\n";
        byte[] evil = RedTeamProbe.bytes(RedTeamProbe.evil(B));
        byte[] png = RedTeamProbe2.pngBody("a.png");
        byte[] bigPng = RedTeamProbe2.pngBody("b.png");
        for (ServletContainer c : ServletContainer.values()) {
            for (String before : new String[] {null}) {
                Path spool = Files.createDirectories(tmp.resolve("spool-" + c + before));
                try (TestServer s = start(c, spool, before)) {
                    Map<String, byte[]> cases = new LinkedHashMap<>();
                    cases.put("png", req("POST /guarded/x HTTP/1.1", ct, png, true));
                    cases.put("evil", req("POST /guarded/x HTTP/1.1", ct, evil, true));
                    if (before == null) {
                        cases.put("chunked-evil", req("POST /guarded/x HTTP/1.1", ct + "Transfer-Encoding: chunked\r\n", chunked(evil, "0\r\n\r\n"), false));
                        cases.put("chunked-png", req("POST /guarded/x HTTP/1.1", ct + "Transfer-Encoding: chunked\r\n", chunked(png, "0\r\n\r\n"), false));
                        cases.put("chunked-badsize", req("POST /guarded/x HTTP/1.1", ct + "Transfer-Encoding: chunked\r\n", chunked(png, "zz\r\n\r\n"), false));
                        cases.put("chunked-trailer-ct", req("POST /guarded/x HTTP/1.1", ct + "Transfer-Encoding: chunked\r\nTrailer: Content-Type\r\n", chunked(png, "0\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"), false));
                        cases.put("cl+te", req("POST /guarded/x HTTP/1.1", ct + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", chunked(evil, "0\r\n\r\n"), false));
                        cases.put("http10", req("POST /guarded/x HTTP/1.0", ct, evil, true));
                        cases.put("head", req("HEAD /guarded/x HTTP/1.1", ct, evil, true));
                        cases.put("encoded-slash", req("POST /guarded%2Fx HTTP/1.1", ct, evil, true));
                        cases.put("backslash", req("POST /guarded\\x HTTP/1.1", ct, evil, true));
                        cases.put("upper", req("POST /GUARDED/x HTTP/1.1", ct, evil, true));
                        cases.put("absolute-uri", req("POST http://127.0.0.1/guarded/x HTTP/1.1", ct, evil, true));
                        cases.put("semicolon-first", req("POST /;x=1/guarded/x HTTP/1.1", ct, evil, true));
                        cases.put("dotdot-encoded", req("POST /open/%2e%2e/guarded/x HTTP/1.1", ct, evil, true));
                        cases.put("fragment", req("POST /guarded/x#frag HTTP/1.1", ct, evil, true));
                        cases.put("short-cl", req("POST /guarded/x HTTP/1.1", ct, evil, false));
                        byte[] half = java.util.Arrays.copyOf(png, png.length - 20);
                        cases.put("halfclose-nobody", req("POST /guarded/x HTTP/1.1", ct + "Content-Length: 300\r\n", new byte[0], false));
                        cases.put("halfclose-somebody", req("POST /guarded/x HTTP/1.1", ct + "Content-Length: 300\r\n", java.util.Arrays.copyOf(png, 40), false));
                        cases.put("abort", req("POST /guarded/x HTTP/1.1", ct + "Content-Length: " + png.length + "\r\n", half, false));
                    }
                    for (var e : cases.entrySet()) {
                        HALF = e.getKey().startsWith("halfclose");
                        String r = send(s, e.getValue(), e.getKey().equals("abort"));
                        String status = r.length() > 12 ? r.substring(9, 12) : r;
                        int at = r.indexOf("\r\n\r\n");
                        String body = at < 0 ? r : r.substring(at + 4);
                        results.put(c + " " + before + " " + e.getKey(), status + " " + body.replace("\n", " | "));
                    }
                    Thread.sleep(700);
                    try (var l = Files.list(spool)) {
                        results.put(c + " " + before + " spool left", l.toList().toString());
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        results.forEach((k, v) -> sb.append(k).append(" => ").append(v.length() > 2400 ? v.substring(0, 2400) : v).append('\n'));
        Files.writeString(Path.of("/tmp/redteam-probe3.txt"), sb.toString());
    }
}
