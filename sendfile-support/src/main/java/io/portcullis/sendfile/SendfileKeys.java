package io.portcullis.sendfile;

import io.portcullis.core.Key;
import io.portcullis.core.KeyProvider;
import io.portcullis.core.KeySet;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Every key of sendfile-support ({@code portcullis.sendfile.*} for {@link SendfilePolicy},
 * {@code portcullis.signed-url.*} for {@link UrlSigner}), declared once: the properties reader
 * parses with them and the builders validate with them, so both accept the same values with the
 * same messages; docs/sendfile-support.md's key table is generated from {@link #KEYS}.
 * Filesystem checks (the root must exist) and cross-key rules stay in the builders.
 */
public final class SendfileKeys implements KeyProvider {

    static final String S = "portcullis.sendfile.";
    static final String U = "portcullis.signed-url.";

    public static final Key<Path> ROOT = Key.<Path>of(S + "root", Key.Type.STRING, Path.class, null, "",
            "must be an absolute path", text -> {
                try {
                    return text.isEmpty() ? null : Path.of(text);
                } catch (InvalidPathException e) {
                    throw Key.reject(null, text);
                }
            }, p -> p == null ? "" : p.toString(),
            "Required: the existing directory files are served from; every name resolves inside its real path.")
            .defaultText("");
    public static final Key<Backend> BACKEND = Key.token(S + "backend", Backend.DIRECT, Backend.class,
            "Who delivers the bytes: direct (this JVM), or the front server's nginx, apache (mod_xsendfile), "
            + "lighttpd.");
    public static final Key<String> NGINX_PREFIX = Key.string(S + "nginx.internal-prefix",
            SendfilePolicy.DEFAULT_NGINX_PREFIX, "URI prefix of the nginx internal location mapped to the root.")
            .rule("must look like /name/ (letters, digits, . _ ~ -, starting and ending with /)")
            .checking(v -> {
                if (v == null || !SendfilePolicy.prefixSyntaxOk(v)) {
                    throw Key.reject(null, null);
                }
                if (v.contains("/../") || v.contains("/./")) {
                    throw Key.reject("must not contain dot segments", v);
                }
            });
    public static final Key<Boolean> NGINX_BUFFERING = Key.<Boolean>of(S + "nginx.buffering", Key.Type.TOKEN,
            Boolean.class, null, "", "must be yes or no", text -> switch (text) {
                case "yes" -> Boolean.TRUE;
                case "no" -> Boolean.FALSE;
                default -> throw Key.reject(null, text);
            }, v -> v == null ? "" : v ? "yes" : "no",
            "X-Accel-Buffering: yes or no; unset sends none (nginx's proxy_buffering decides).");
    public static final Key<Long> NGINX_LIMIT_RATE = Key.longInteger(S + "nginx.limit-rate", 0, 0, Long.MAX_VALUE / 2,
            "X-Accel-Limit-Rate in bytes/s; 0 sends none.");
    public static final Key<Long> NGINX_EXPIRES = Key.longInteger(S + "nginx.expires", 0, 0, 315_360_000L,
            "X-Accel-Expires: seconds nginx's own proxy cache may keep the answer; 0 = never cache.");
    public static final Key<Boolean> APACHE_UNESCAPE = Key.bool(S + "apache.unescape", false,
            "true for mod_xsendfile 1.0 with XSendFileUnescape On (percent-encoded header); false for 0.12 as packaged "
            + "by Debian/Ubuntu (raw UTF-8 bytes).");
    public static final Key<String> CACHE_CONTROL = Key.string(S + "cache-control",
            SendfilePolicy.DEFAULT_CACHE_CONTROL, "Cache-Control of every download.")
            .rule("must contain private or no-store and must not contain public")
            .checking(v -> {
                if (v == null || !SendfilePolicy.cacheControlAcceptable(v)) {
                    throw Key.reject(null, null);
                }
            });
    public static final Key<Disposition> DISPOSITION = Key.token(S + "disposition", Disposition.ATTACHMENT,
            Disposition.class, "Default Content-Disposition.");
    public static final Key<Boolean> CSP_SANDBOX = Key.bool(S + "csp-sandbox", false,
            "Content-Security-Policy: sandbox on every download (always on for HTML/SVG/XML).");
    public static final Key<Integer> MAX_RANGES = Key.integer(S + "direct.max-ranges", 8, 1, 100,
            "Ranges per request before the DIRECT backend answers 200 with the whole file.");
    public static final Key<Boolean> ZERO_COPY = Key.bool(S + "direct.zero-copy", true,
            "Use Tomcat's org.apache.tomcat.sendfile.* hook when offered.");
    public static final Key<Long> ZERO_COPY_MIN = Key.longInteger(S + "direct.zero-copy-min-bytes", 49_152, 0,
            Long.MAX_VALUE / 2, "Smallest body sent through the zero-copy hook (Tomcat's own default, 48 KiB).");

    public static final Key<String> SIGNED_URL_KEY = Key.secretFamily(U + "key.", "<id>",
            "Base64 of at least 32 random bytes; one key per id (letters, digits, - and _); a secret, never logged.");
    public static final Key<String> SIGNED_URL_CURRENT_KEY = Key.optionalString(U + "current-key",
            "The id new links are signed with (required when more than one key is set).");
    public static final Key<Duration> SIGNED_URL_MAX_LIFETIME = Key.seconds(U + "max-lifetime", Duration.ofDays(7),
            Duration.ofSeconds(1), Duration.ofDays(366),
            "Longest validity a link may be given, in seconds (7 days, as S3).");

    /** Every key of the module, in documentation order. */
    public static final KeySet KEYS = KeySet.of("sendfile-support", ROOT, BACKEND, NGINX_PREFIX, NGINX_BUFFERING,
            NGINX_LIMIT_RATE, NGINX_EXPIRES, APACHE_UNESCAPE, CACHE_CONTROL, DISPOSITION, CSP_SANDBOX, MAX_RANGES,
            ZERO_COPY, ZERO_COPY_MIN, SIGNED_URL_KEY, SIGNED_URL_CURRENT_KEY, SIGNED_URL_MAX_LIFETIME);

    @Override
    public KeySet keys() {
        return KEYS;
    }
}
