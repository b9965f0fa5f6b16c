package io.portcullis.sendfile;

import java.nio.charset.StandardCharsets;

/**
 * The value of the offload header for each front server.
 * <ul>
 * <li>nginx decodes {@code %XX} exactly once ({@code ngx_http_parse_unsafe_uri}) and lighttpd
 * URL-decodes before its UTF-8 check, and mod_xsendfile 1.0 with {@code XSendFileUnescape On}
 * unescapes: for them each path segment is percent-encoded exactly once from its UTF-8 bytes
 * (only RFC 3986 unreserved characters stay; {@code %}, {@code ?}, {@code #}, {@code ;},
 * {@code +}, space and every non-ASCII byte are encoded; {@code /} separates segments), so the
 * header value is pure ASCII.</li>
 * <li>mod_xsendfile 0.12 (the Debian/Ubuntu package) has no unescaping: the header carries the
 * path's raw UTF-8 bytes, each byte written as one ISO-8859-1 character (RFC 9110 §5.5
 * obs-text), so the server sees exactly the file system's bytes. A path with a control
 * character is refused (no header injection).</li>
 * </ul>
 */
final class PathEncoding {

    private PathEncoding() {
    }

    /** The header value for {@code backend}, given the file's real absolute path and its root-relative path. */
    static String headerValue(Backend backend, SendfilePolicy policy, String absolutePath, String relativePath) {
        return switch (backend) {
            case NGINX -> policy.nginxInternalPrefix() + encodePath(relativePath);
            case APACHE -> policy.apacheUnescape() ? encodePath(absolutePath) : rawBytes(absolutePath);
            case LIGHTTPD -> encodePath(absolutePath);
            case DIRECT -> throw new IllegalArgumentException("DIRECT has no offload header");
        };
    }

    /** The UTF-8 bytes of {@code path}, one ISO-8859-1 char per byte; null when a control character is present. */
    static String rawBytes(String path) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            int c = b & 0xff;
            if (c < 0x20 || c == 0x7f) {
                return null;
            }
        }
        return new String(utf8, StandardCharsets.ISO_8859_1);
    }

    /** Percent-encodes each '/'-separated segment of {@code path} (UTF-8). */
    static String encodePath(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c == '/' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}
