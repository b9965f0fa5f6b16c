package io.portcullis.upload;


import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@link UploadGuardFilter} on an in-memory request (the container tests do it over HTTP). */
final class FilterHarness {

    static final String BOUNDARY = "----portcullisBoundary7MA4YWxk";

    record Outcome(int status, String body, boolean reachedServlet, List<Verdict> verdicts, List<UploadedFile> files,
                   Map<String, String> headers) {
    }

    private FilterHarness() {
    }

    /** A multipart body builder. */
    static final class Body {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Body file(String field, String filename, byte[] content) {
            return part("form-data; name=\"" + field + "\"; filename=\"" + filename + "\"", "application/octet-stream", content);
        }

        Body field(String name, String value) {
            return part("form-data; name=\"" + name + "\"", null, value.getBytes(StandardCharsets.UTF_8));
        }

        Body part(String disposition, String contentType, byte[] content) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\n"
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(content);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            return this;
        }

        Body raw(String s) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] end() {
            out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
            return out.toByteArray();
        }
    }

    static Body body() {
        return new Body();
    }

    static Outcome post(UploadPolicy policy, byte[] body, boolean chunked) throws Exception {
        return post(new UploadGuardFilter(policy), new java.io.ByteArrayInputStream(body), chunked ? -1 : body.length);
    }

    static Outcome post(UploadGuardFilter filter, InputStream body, long contentLength) throws Exception {
        Map<String, Object> attributes = new HashMap<>();
        ServletInputStream in = new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener l) {
            }

            @Override
            public int read() throws IOException {
                return body.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return body.read(b, off, len);
            }
        };
        HttpServletRequest req = fake(HttpServletRequest.class, (name, args) -> switch (name) {
            case "getMethod" -> "POST";
            case "getContentType" -> "multipart/form-data; boundary=" + BOUNDARY;
            case "getContentLengthLong" -> contentLength;
            case "getContentLength" -> (int) contentLength;
            case "getRequestURI" -> "/upload";
            case "getContextPath" -> "";
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            case "getAttribute" -> attributes.get((String) args[0]);
            case "getInputStream" -> in;
            default -> null;
        });
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] status = {200};
        Map<String, String> headers = new HashMap<>();
        ServletOutputStream sos = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }

            @Override
            public void write(int b) {
                out.write(b);
            }
        };
        HttpServletResponse res = fake(HttpServletResponse.class, (name, args) -> switch (name) {
            case "setStatus" -> status[0] = (Integer) args[0];
            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
            case "getOutputStream" -> sos;
            case "isCommitted" -> false;
            default -> null;
        });
        boolean[] reached = {false};
        @SuppressWarnings("unchecked")
        List<UploadedFile>[] files = new List[1];
        FilterChain chain = (rq, rs) -> {
            reached[0] = true;
            files[0] = (List<UploadedFile>) rq.getAttribute(UploadGuardFilter.FILES);
        };
        filter.doFilter(req, res, chain);
        @SuppressWarnings("unchecked")
        List<Verdict> verdicts = (List<Verdict>) attributes.get(UploadGuardFilter.VERDICTS);
        return new Outcome(status[0], out.toString(StandardCharsets.UTF_8), reached[0], verdicts, files[0], headers);
    }

    /** A hand-written fake: answers by method name; unknown methods return null/0/false. */
    static <T> T fake(Class<T> type, java.util.function.BiFunction<String, Object[], Object> answers) {
        Object proxy = java.lang.reflect.Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            Object r = answers.apply(m.getName(), args == null ? new Object[0] : args);
            Class<?> rt = m.getReturnType();
            if (r == null || rt == void.class) {
                if (rt == boolean.class) {
                    return false;
                }
                if (rt == int.class) {
                    return 0;
                }
                if (rt == long.class) {
                    return 0L;
                }
                return rt == void.class ? null : r;
            }
            return r;
        });
        return type.cast(proxy);
    }
}
