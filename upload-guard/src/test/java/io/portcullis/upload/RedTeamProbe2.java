package io.portcullis.upload;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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

class RedTeamProbe2 {
    static final String B = RedTeamProbe.B;
    @TempDir
    Path tmp;

    static String describe(HttpServletRequest req) {
        StringBuilder out = new StringBuilder("[" + req.getDispatcherType() + " " + req.getClass().getSimpleName() + "] ");
        for (AppParsers.Seen s : List.of(AppParsers.getParts(req), AppParsers.springResolver(req), AppParsers.fileUpload2(req))) {
            for (AppParsers.FileSeen f : s.files()) {
                out.append(s.parser()).append(" file ").append(RedTeamProbe.esc(f.filename())).append(" ").append(f.bytes().length).append("; ");
            }
            if (s.failure() != null) {
                out.append(s.parser()).append(" failed ").append(s.failure()).append("; ");
            }
        }
        return out.toString();
    }

    static final class App extends HttpServlet {
        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException, jakarta.servlet.ServletException {
            String p = req.getPathInfo() == null ? "" : req.getPathInfo();
            if (req.getAttribute("jakarta.servlet.include.path_info") != null) {
                resp.getWriter().write("[include] " + describe(req));
                return;
            }
            if (p.endsWith("/fwd")) {
                req.getRequestDispatcher("/upload/x").forward(req, resp);
                return;
            }
            if (p.endsWith("/inc")) {
                resp.setContentType("text/plain;charset=UTF-8");
                req.getRequestDispatcher("/upload/x").include(req, resp);
                return;
            }
            if (p.endsWith("/async-start")) {
                AsyncContext ac = req.startAsync();
                ac.start(() -> {
                    try {
                        Thread.sleep(300);
                        String d = "orig: " + describe(req) + " | ac: " + describe((HttpServletRequest) ac.getRequest());
                        ac.getResponse().setContentType("text/plain;charset=UTF-8");
                        ac.getResponse().getWriter().write(d);
                    } catch (Exception e) {
                        try { ac.getResponse().getWriter().write("async ex " + e); } catch (IOException x) { }
                    }
                    ac.complete();
                });
                return;
            }
            if (p.endsWith("/async-dispatch") && req.getDispatcherType() != DispatcherType.ASYNC) {
                AsyncContext ac = req.startAsync();
                ac.dispatch("/upload/x");
                return;
            }
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write(describe(req));
        }
    }

    TestServer start(ServletContainer c, EnumSet<DispatcherType> types) throws IOException {
        Path parts = Files.createDirectories(tmp.resolve("cparts-" + c + types.size()));
        Path spool = Files.createDirectories(tmp.resolve("spool-" + c + types.size()));
        ServletContainerInitializer app = (classes, ctx) -> {
            FilterRegistration.Dynamic f = ctx.addFilter("guard", new UploadGuardFilter(UploadPolicy.images().toBuilder()
                .paths("/upload").tempDir(spool).build()));
            f.setAsyncSupported(true);
            f.addMappingForUrlPatterns(types, false, "/*");
            ServletRegistration.Dynamic r = ctx.addServlet("app", new App());
            r.addMapping("/*");
            r.setAsyncSupported(true);
            r.setMultipartConfig(new MultipartConfigElement(parts.toString()));
        };
        return c.builder().initializer(app, Set.of()).start();
    }

    static RedTeamProbe.Case post(String target, String headers, byte[] body) {
        return new RedTeamProbe.Case(target, RedTeamProbe.bytes("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + headers
            + "Content-Length: " + body.length + "\r\n\r\n"), body);
    }

    static byte[] pngBody(String name) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(("--" + B + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        o.writeBytes(Samples.png());
        o.writeBytes(("\r\n--" + B + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return o.toByteArray();
    }

    @Test
    void probe() throws Exception {
        Map<String, String> results = new LinkedHashMap<>();
        String ct = "Content-Type: multipart/form-data; boundary=" + B + "\r\n";
        byte[] evil = RedTeamProbe.bytes(RedTeamProbe.evil(B));
        for (ServletContainer c : ServletContainer.values()) {
            for (EnumSet<DispatcherType> types : List.of(EnumSet.of(DispatcherType.REQUEST), EnumSet.allOf(DispatcherType.class))) {
                try (TestServer s = start(c, types)) {
                    List<RedTeamProbe.Case> cases = List.of(
                        post("/upload/x", ct, pngBody("a.png")),
                        post("/upload/x", "Content-Type: multipart/form-data; boundary=" + B + "; charset=ISO-8859-1\r\n", pngBody("\u00e9\u0105.png")),
                        post("/upload/x", "Content-Type: multipart/form-data; boundary=" + B + "; charset=Shift_JIS\r\n", pngBody("\u00e9\u0105.png")),
                        post("/open/fwd", ct, evil),
                        post("/open/fwd", ct, pngBody("a.png")),
                        post("/open/inc", ct, evil),
                        post("/upload/fwd", ct, pngBody("a.png")),
                        post("/upload/inc", ct, pngBody("a.png")),
                        post("/upload/async-start", ct, pngBody("a.png")),
                        post("/upload/async-dispatch", ct, pngBody("a.png")),
                        post("/open/async-dispatch", ct, evil));
                    for (RedTeamProbe.Case k : cases) {
                        String r;
                        try {
                            r = RedTeamProbe.raw(s, k.head(), k.body());
                        } catch (Exception e) {
                            r = "EXC " + e;
                        }
                        String status = r.length() > 12 ? r.substring(9, 12) : r;
                        int at = r.indexOf("\r\n\r\n");
                        String body = at < 0 ? r : r.substring(at + 4);
                        results.put(c + " " + types.size() + " " + k.name() + " " + k.head().length, status + " " + body.replace("\n", " | "));
                    }
                    Thread.sleep(500);
                    try (var l = Files.list(tmp.resolve("spool-" + c + types.size()))) {
                        results.put(c + " " + types.size() + " spool left", l.toList().toString());
                    }
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        results.forEach((k, v) -> sb.append(k).append(" => ").append(v.length() > 900 ? v.substring(0, 900) : v).append('\n'));
        Files.writeString(Path.of("/tmp/redteam-probe2.txt"), sb.toString());
    }
}
