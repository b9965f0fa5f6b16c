package io.portcullis.sendfile;

import java.nio.charset.StandardCharsets;

/**
 * The value of the offload header for each front server. Every server decodes {@code %XX}
 * exactly once (nginx in {@code ngx_http_parse_unsafe_uri}, mod_xsendfile with its default
 * {@code XSendFileUnescape On}, lighttpd before its UTF-8 check), so each path segment is
 * percent-encoded exactly once from its UTF-8 bytes: only RFC 3986 unreserved characters stay
 * as they are; {@code %}, {@code ?}, {@code #}, {@code ;}, {@code +}, space and every non-ASCII
 * byte are encoded, {@code /} separates segments. The header value is therefore pure ASCII.
 */
final class PathEncoding {

    private PathEncoding() {
    }

    /** The header value for {@code backend}, given the file's real absolute path and its root-relative path. */
    static String headerValue(Backend backend, SendfilePolicy policy, String absolutePath, String relativePath) {
        return switch (backend) {
            case NGINX -> policy.nginxInternalPrefix() + encodePath(relativePath);
            case APACHE, LIGHTTPD -> encodePath(absolutePath);
            case DIRECT -> throw new IllegalArgumentException("DIRECT has no offload header");
        };
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
