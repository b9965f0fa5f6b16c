package io.portcullis.upload;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The checked parts written back as one {@code multipart/form-data} body under a fresh random
 * boundary, for code that parses the request body itself (commons-fileupload's
 * {@code JakartaServletFileUpload}, a hand-written parser): whoever reads the body after the
 * filter reads exactly the parts that were checked, with their canonical headers, and nothing the
 * client sent around them. File bytes stream from the spooled files when read.
 */
final class CanonicalBody {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String boundary;
    private final List<Part> parts;
    private final List<byte[]> heads;
    private final byte[] close;
    private final long length;

    CanonicalBody(List<Part> parts) {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        this.boundary = "portcullis-" + HexFormat.of().formatHex(nonce);
        this.parts = List.copyOf(parts);
        this.heads = new ArrayList<>(parts.size());
        long total = 0;
        for (Part p : parts) {
            StringBuilder h = new StringBuilder("--").append(boundary).append("\r\n");
            for (String name : p.getHeaderNames()) {
                h.append(name).append(": ").append(p.getHeader(name)).append("\r\n");
            }
            byte[] head = h.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
            heads.add(head);
            total += head.length + p.getSize() + 2;
        }
        this.close = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        this.length = total + close.length;
    }

    /** {@code multipart/form-data; boundary=…} for this body. */
    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    long length() {
        return length;
    }

    /** A stream over the whole body; each part's bytes are opened only when reached. */
    ServletInputStream open() {
        return new ServletInputStream() {
            private int index = -1;
            private InputStream current = new ByteArrayInputStream(new byte[0]);
            private boolean finished;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (!finished) {
                    int n = current.read(b, off, len);
                    if (n >= 0) {
                        return n;
                    }
                    current.close();
                    advance();
                }
                return -1;
            }

            /** Pieces in order: head, bytes and CRLF of each part, then the closing delimiter. */
            private void advance() throws IOException {
                index++;
                int part = index / 3;
                if (part == parts.size()) {
                    current = index % 3 == 0 ? new ByteArrayInputStream(close) : InputStream.nullInputStream();
                    finished = index % 3 != 0;
                    return;
                }
                current = switch (index % 3) {
                    case 0 -> new ByteArrayInputStream(heads.get(part));
                    case 1 -> parts.get(part).getInputStream();
                    default -> new ByteArrayInputStream(new byte[] {'\r', '\n'});
                };
            }

            @Override
            public boolean isFinished() {
                return finished;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                try {
                    listener.onDataAvailable();
                    listener.onAllDataRead();
                } catch (IOException e) {
                    listener.onError(e);
                }
            }

            @Override
            public void close() throws IOException {
                finished = true;
                current.close();
            }
        };
    }
}
