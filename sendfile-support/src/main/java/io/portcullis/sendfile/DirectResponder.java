package io.portcullis.sendfile;

import io.portcullis.core.Problem;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * The DIRECT backend: RFC 9110 §13.2.2 precondition evaluation order, then §14 ranges.
 * Uses Tomcat's zero-copy sendfile hook ({@code org.apache.tomcat.sendfile.*} request
 * attributes, RFC-agnostic kernel sendfile in the connector) for whole files and single
 * ranges when the connector offers it; otherwise writes memory-mapped 4 MiB regions through the
 * stream's {@code write(ByteBuffer)} when it has one (Servlet 6.1; Jetty 12 ee10, Tomcat), else
 * copies through a 64 KiB buffer.
 */
final class DirectResponder {

    static final String TOMCAT_SUPPORT = "org.apache.tomcat.sendfile.support";
    static final String TOMCAT_FILENAME = "org.apache.tomcat.sendfile.filename";
    static final String TOMCAT_START = "org.apache.tomcat.sendfile.start";
    static final String TOMCAT_END = "org.apache.tomcat.sendfile.end";

    private static final int BUFFER = 64 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SendfilePolicy policy;

    DirectResponder(SendfilePolicy policy) {
        this.policy = policy;
    }

    /** A strong validator from size and modification time (nanoseconds where the file system keeps them). */
    static String etag(long size, long mtimeNanos) {
        return "\"" + Long.toHexString(size) + "-" + Long.toHexString(mtimeNanos) + "\"";
    }

    SendOutcome respond(HttpServletRequest req, HttpServletResponse resp, Path file, long size, long mtimeNanos,
            String contentType, String disposition) throws IOException {
        String method = req.getMethod();
        boolean getOrHead = "GET".equals(method) || "HEAD".equals(method);
        String etag = etag(size, mtimeNanos);
        long lastModified = Math.floorDiv(mtimeNanos, 1_000_000_000L);
        resp.setHeader("ETag", etag);
        resp.setHeader("Last-Modified", Rfc9110.formatDate(lastModified));

        // RFC 9110 §13.2.2 steps 1-2
        String ifMatch = req.getHeader("If-Match");
        if (ifMatch != null) {
            if (!Rfc9110.etagMatches(ifMatch, etag, true)) {
                return preconditionFailed(resp);
            }
        } else {
            long ius = Rfc9110.parseDate(req.getHeader("If-Unmodified-Since"));
            if (ius >= 0 && lastModified > ius) {
                return preconditionFailed(resp);
            }
        }
        // steps 3-4
        String ifNoneMatch = req.getHeader("If-None-Match");
        if (ifNoneMatch != null) {
            if (Rfc9110.etagMatches(ifNoneMatch, etag, false)) {
                return getOrHead ? notModified(resp) : preconditionFailed(resp);
            }
        } else if (getOrHead) {
            long ims = Rfc9110.parseDate(req.getHeader("If-Modified-Since"));
            if (ims >= 0 && lastModified <= ims) {
                return notModified(resp);
            }
        }
        resp.setHeader("Accept-Ranges", "bytes");
        // step 5: Range, only for GET (§14.2)
        Rfc9110.Ranges ranges = Rfc9110.Ranges.IGNORE;
        String range = req.getHeader("Range");
        if ("GET".equals(method) && range != null && ifRangeAllows(req.getHeader("If-Range"), etag, lastModified)) {
            ranges = Rfc9110.parseRanges(range, size, policy.maxRanges());
        }
        boolean head = "HEAD".equals(method);
        switch (ranges.kind()) {
            case UNSATISFIABLE -> {
                resp.setHeader("Content-Range", "bytes */" + size);
                Problem.of(416, "RANGE_NOT_SATISFIABLE", "Range not satisfiable")
                        .detail("no requested range lies within the representation").write(resp);
                return SendOutcome.RANGE_NOT_SATISFIABLE;
            }
            case SATISFIABLE -> {
                List<Rfc9110.Range> list = ranges.ranges();
                resp.setStatus(206);
                resp.setHeader("Content-Disposition", disposition);
                if (list.size() == 1) {
                    Rfc9110.Range r = list.get(0);
                    resp.setContentType(contentType);
                    resp.setHeader("Content-Range", "bytes " + r.first() + "-" + r.last() + "/" + size);
                    body(req, resp, file, r.first(), r.length());
                } else {
                    multipart(resp, file, size, contentType, list);
                }
                return SendOutcome.PARTIAL;
            }
            default -> {
                resp.setStatus(200);
                resp.setContentType(contentType);
                resp.setHeader("Content-Disposition", disposition);
                if (head) {
                    resp.setContentLengthLong(size);
                } else {
                    body(req, resp, file, 0, size);
                }
                return SendOutcome.SENT;
            }
        }
    }

    /** §13.1.5: a strong ETag must match exactly, a date must equal Last-Modified; anything else sends the whole file. */
    private static boolean ifRangeAllows(String ifRange, String etag, long lastModified) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return !v.startsWith("W/") && v.equals(etag);
        }
        long date = Rfc9110.parseDate(v);
        return date >= 0 && date == lastModified;
    }

    private static SendOutcome notModified(HttpServletResponse resp) {
        resp.setStatus(304);
        resp.setContentLengthLong(-1);
        return SendOutcome.NOT_MODIFIED;
    }

    private static SendOutcome preconditionFailed(HttpServletResponse resp) throws IOException {
        Problem.of(412, "PRECONDITION_FAILED", "Precondition failed")
                .detail("the file does not match the request's If-Match or If-Unmodified-Since").write(resp);
        return SendOutcome.PRECONDITION_FAILED;
    }

    private void body(HttpServletRequest req, HttpServletResponse resp, Path file, long start, long length) throws IOException {
        resp.setContentLengthLong(length);
        if (policy.zeroCopy() && length >= policy.zeroCopyMinBytes() && length > 0
                && Boolean.TRUE.equals(req.getAttribute(TOMCAT_SUPPORT))) {
            // Tomcat's connector sends [start, end) with sendfile(2) after the servlet returns.
            req.setAttribute(TOMCAT_FILENAME, file.toString());
            req.setAttribute(TOMCAT_START, start);
            req.setAttribute(TOMCAT_END, start + length);
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            copy(ch, start, length, resp.getOutputStream());
        }
    }

    /**
     * The stream's public {@code write(ByteBuffer)}: standard from Servlet 6.1, already offered by
     * Jetty 12 ee10's {@code HttpOutput} and Tomcat's {@code CoyoteOutputStream}. Found once per
     * stream class; absent (null) for wrapped streams, which then get the byte[] copy.
     */
    private static final ClassValue<MethodHandle> BYTE_BUFFER_WRITE = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            try {
                Method m = type.getMethod("write", ByteBuffer.class);
                if (!Modifier.isPublic(m.getDeclaringClass().getModifiers())) {
                    return null;
                }
                return MethodHandles.publicLookup().unreflect(m);
            } catch (NoSuchMethodException | IllegalAccessException | SecurityException e) {
                return null;
            }
        }
    };

    private static final long MAP_CHUNK = 4L << 20;

    private static void copy(FileChannel ch, long start, long length, ServletOutputStream out) throws IOException {
        MethodHandle write = length >= BUFFER ? BYTE_BUFFER_WRITE.get(out.getClass()) : null;
        if (write != null) {
            // memory-mapped file regions go from the page cache to the socket without a trip through the heap
            long pos = start;
            long remaining = length;
            while (remaining > 0) {
                long n = Math.min(MAP_CHUNK, remaining);
                MappedByteBuffer region = ch.map(FileChannel.MapMode.READ_ONLY, pos, n);
                try {
                    write.invoke(out, region);
                } catch (IOException | RuntimeException | Error e) {
                    throw e;
                } catch (Throwable e) {
                    throw new IOException(e);
                }
                pos += n;
                remaining -= n;
            }
            return;
        }
        byte[] array = new byte[(int) Math.min(BUFFER, Math.max(length, 1))];
        ByteBuffer buf = ByteBuffer.wrap(array);
        long pos = start;
        long remaining = length;
        while (remaining > 0) {
            buf.clear();
            buf.limit((int) Math.min(array.length, remaining));
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new IOException("file shrank while being sent");
            }
            out.write(array, 0, n);
            pos += n;
            remaining -= n;
        }
    }

    private static void multipart(HttpServletResponse resp, Path file, long size, String contentType,
            List<Rfc9110.Range> ranges) throws IOException {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String boundary = "PORTCULLIS_" + HexFormat.of().formatHex(random);
        byte[][] heads = new byte[ranges.size()][];
        long length = 0;
        for (int i = 0; i < ranges.size(); i++) {
            Rfc9110.Range r = ranges.get(i);
            String head = (i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + contentType
                    + "\r\nContent-Range: bytes " + r.first() + "-" + r.last() + "/" + size + "\r\n\r\n";
            heads[i] = head.getBytes(StandardCharsets.ISO_8859_1);
            length += heads[i].length + r.length();
        }
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
        length += tail.length;
        resp.setContentType("multipart/byteranges; boundary=" + boundary);
        resp.setContentLengthLong(length);
        ServletOutputStream out = resp.getOutputStream();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            for (int i = 0; i < ranges.size(); i++) {
                out.write(heads[i]);
                copy(ch, ranges.get(i).first(), ranges.get(i).length(), out);
            }
        }
        out.write(tail);
    }
}
