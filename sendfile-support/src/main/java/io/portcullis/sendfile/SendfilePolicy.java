package io.portcullis.sendfile;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.core.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Immutable configuration of {@link Sendfile}: where files live, who delivers them and which
 * headers go with them. Build with {@link #builder(Path)}, read from {@code portcullis.sendfile.*}
 * keys with {@link #fromSettings(Settings)}; validation happens only in {@link Builder#build()}.
 *
 * <table>
 * <caption>Keys and defaults</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code portcullis.sendfile.root}</td><td>(required)</td><td>existing directory; every name resolves inside its real path</td></tr>
 * <tr><td>{@code portcullis.sendfile.backend}</td><td>{@code direct}</td><td>{@code direct}, {@code nginx}, {@code apache}, {@code lighttpd}</td></tr>
 * <tr><td>{@code portcullis.sendfile.nginx.internal-prefix}</td><td>{@code /_portcullis_protected/}</td><td>URI prefix of the nginx {@code internal} location mapped to the root</td></tr>
 * <tr><td>{@code portcullis.sendfile.nginx.buffering}</td><td>(unset)</td><td>{@code yes}/{@code no}: {@code X-Accel-Buffering}</td></tr>
 * <tr><td>{@code portcullis.sendfile.nginx.limit-rate}</td><td>{@code 0} (none)</td><td>bytes/s: {@code X-Accel-Limit-Rate}</td></tr>
 * <tr><td>{@code portcullis.sendfile.nginx.expires}</td><td>{@code 0}</td><td>seconds nginx's own proxy cache may keep the answer ({@code X-Accel-Expires}); 0 = never cache</td></tr>
 * <tr><td>{@code portcullis.sendfile.apache.unescape}</td><td>{@code false}</td><td>{@code true} for mod_xsendfile 1.0 with {@code XSendFileUnescape On} (percent-encoded header); {@code false} for 0.12 as packaged by Debian/Ubuntu (raw UTF-8 bytes)</td></tr>
 * <tr><td>{@code portcullis.sendfile.cache-control}</td><td>{@code private, no-cache}</td><td>must contain {@code private} or {@code no-store}; {@code public} is refused</td></tr>
 * <tr><td>{@code portcullis.sendfile.disposition}</td><td>{@code attachment}</td><td>default disposition</td></tr>
 * <tr><td>{@code portcullis.sendfile.csp-sandbox}</td><td>{@code false}</td><td>{@code Content-Security-Policy: sandbox} on every download (always on for HTML/SVG/XML)</td></tr>
 * <tr><td>{@code portcullis.sendfile.direct.max-ranges}</td><td>{@code 8}</td><td>ranges per request before the DIRECT backend answers 200 with the whole file</td></tr>
 * <tr><td>{@code portcullis.sendfile.direct.zero-copy}</td><td>{@code true}</td><td>use Tomcat's {@code org.apache.tomcat.sendfile.*} hook when offered</td></tr>
 * <tr><td>{@code portcullis.sendfile.direct.zero-copy-min-bytes}</td><td>{@code 49152}</td><td>smallest body sent through the hook (Tomcat's own default, 48 KiB)</td></tr>
 * </table>
 */
public final class SendfilePolicy {

    public static final String KEY_ROOT = SendfileKeys.ROOT.name();
    public static final String KEY_BACKEND = SendfileKeys.BACKEND.name();
    public static final String KEY_NGINX_PREFIX = SendfileKeys.NGINX_PREFIX.name();
    public static final String KEY_NGINX_BUFFERING = SendfileKeys.NGINX_BUFFERING.name();
    public static final String KEY_NGINX_LIMIT_RATE = SendfileKeys.NGINX_LIMIT_RATE.name();
    public static final String KEY_NGINX_EXPIRES = SendfileKeys.NGINX_EXPIRES.name();
    public static final String KEY_APACHE_UNESCAPE = SendfileKeys.APACHE_UNESCAPE.name();
    public static final String KEY_CACHE_CONTROL = SendfileKeys.CACHE_CONTROL.name();
    public static final String KEY_DISPOSITION = SendfileKeys.DISPOSITION.name();
    public static final String KEY_CSP_SANDBOX = SendfileKeys.CSP_SANDBOX.name();
    public static final String KEY_MAX_RANGES = SendfileKeys.MAX_RANGES.name();
    public static final String KEY_ZERO_COPY = SendfileKeys.ZERO_COPY.name();
    public static final String KEY_ZERO_COPY_MIN = SendfileKeys.ZERO_COPY_MIN.name();


    /** Default {@code Cache-Control}: only the user's browser may keep it, and must revalidate. */
    public static final String DEFAULT_CACHE_CONTROL = "private, no-cache";
    /** Default nginx internal location prefix. */
    public static final String DEFAULT_NGINX_PREFIX = "/_portcullis_protected/";

    static final Pattern PREFIX_SYNTAX = Pattern.compile("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*/");
    private static final Pattern CACHE_CONTROL_SYNTAX = Pattern.compile("[A-Za-z0-9=, _-]+");

    private final Path root;
    private final Path realRoot;
    private final Backend backend;
    private final String nginxInternalPrefix;
    private final Boolean nginxBuffering;
    private final long nginxLimitRate;
    private final long nginxExpires;
    private final boolean apacheUnescape;
    private final String cacheControl;
    private final Disposition disposition;
    private final boolean cspSandbox;
    private final int maxRanges;
    private final boolean zeroCopy;
    private final long zeroCopyMinBytes;

    private SendfilePolicy(Builder b, Path realRoot) {
        this.root = b.root;
        this.realRoot = realRoot;
        this.backend = b.backend;
        this.nginxInternalPrefix = b.nginxInternalPrefix;
        this.nginxBuffering = b.nginxBuffering;
        this.nginxLimitRate = b.nginxLimitRate;
        this.nginxExpires = b.nginxExpires;
        this.apacheUnescape = b.apacheUnescape;
        this.cacheControl = b.cacheControl;
        this.disposition = b.disposition;
        this.cspSandbox = b.cspSandbox;
        this.maxRanges = b.maxRanges;
        this.zeroCopy = b.zeroCopy;
        this.zeroCopyMinBytes = b.zeroCopyMinBytes;
    }

    /** A builder with every default, serving files under {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /**
     * Reads the {@code portcullis.sendfile.*} keys (see the class comment).
     *
     * @throws ConfigException on an unknown key, a bad value or a missing root
     */
    public static SendfilePolicy fromSettings(Settings settings) {
        ConfigReader r = ConfigReader.of(settings, SendfileKeys.KEYS);
        Path root = r.get(SendfileKeys.ROOT);
        if (root == null) {
            throw new ConfigException(KEY_ROOT + " is required (the directory files are served from)");
        }
        return builder(root)
                .backend(r.get(SendfileKeys.BACKEND))
                .nginxInternalPrefix(r.get(SendfileKeys.NGINX_PREFIX))
                .nginxBuffering(r.get(SendfileKeys.NGINX_BUFFERING))
                .nginxLimitRate(r.get(SendfileKeys.NGINX_LIMIT_RATE))
                .nginxExpires(r.get(SendfileKeys.NGINX_EXPIRES))
                .apacheUnescape(r.get(SendfileKeys.APACHE_UNESCAPE))
                .cacheControl(r.get(SendfileKeys.CACHE_CONTROL))
                .disposition(r.get(SendfileKeys.DISPOSITION))
                .cspSandbox(r.get(SendfileKeys.CSP_SANDBOX))
                .maxRanges(r.get(SendfileKeys.MAX_RANGES))
                .zeroCopy(r.get(SendfileKeys.ZERO_COPY))
                .zeroCopyMinBytes(r.get(SendfileKeys.ZERO_COPY_MIN))
                .build();
    }

    /** A builder holding this policy's values. */
    public Builder toBuilder() {
        Builder b = new Builder(root);
        b.backend = backend;
        b.nginxInternalPrefix = nginxInternalPrefix;
        b.nginxBuffering = nginxBuffering;
        b.nginxLimitRate = nginxLimitRate;
        b.nginxExpires = nginxExpires;
        b.apacheUnescape = apacheUnescape;
        b.cacheControl = cacheControl;
        b.disposition = disposition;
        b.cspSandbox = cspSandbox;
        b.maxRanges = maxRanges;
        b.zeroCopy = zeroCopy;
        b.zeroCopyMinBytes = zeroCopyMinBytes;
        return b;
    }

    static boolean prefixSyntaxOk(String value) {
        return PREFIX_SYNTAX.matcher(value).matches();
    }

    static boolean cacheControlAcceptable(String value) {
        String v = value.toLowerCase(Locale.ROOT);
        if (!CACHE_CONTROL_SYNTAX.matcher(v).matches()) {
            return false;
        }
        boolean isPublic = false;
        boolean restrictive = false;
        for (String directive : v.split(",")) {
            String name = directive.trim();
            int eq = name.indexOf('=');
            name = eq < 0 ? name : name.substring(0, eq).trim();
            isPublic |= name.equals("public");
            restrictive |= name.equals("private") || name.equals("no-store");
        }
        return restrictive && !isPublic;
    }

    /** The root as configured. */
    public Path root() {
        return root;
    }

    /** The root with every symlink resolved: what front-server configuration must name. */
    public Path realRoot() {
        return realRoot;
    }

    /** Default {@link Backend#DIRECT}. */
    public Backend backend() {
        return backend;
    }

    /** Default {@value #DEFAULT_NGINX_PREFIX}; starts and ends with {@code /}. */
    public String nginxInternalPrefix() {
        return nginxInternalPrefix;
    }

    /** {@code X-Accel-Buffering} value, empty when not sent (nginx's {@code proxy_buffering} decides). */
    public Optional<Boolean> nginxBuffering() {
        return Optional.ofNullable(nginxBuffering);
    }

    /** {@code X-Accel-Limit-Rate} in bytes/s; 0 (default) sends none. */
    public long nginxLimitRate() {
        return nginxLimitRate;
    }

    /** {@code X-Accel-Expires} in seconds; default 0, which keeps nginx's proxy cache from storing authorised answers. */
    public long nginxExpires() {
        return nginxExpires;
    }

    /** Whether the X-Sendfile value for Apache is percent-encoded (mod_xsendfile 1.0, {@code XSendFileUnescape On}); default false. */
    public boolean apacheUnescape() {
        return apacheUnescape;
    }

    /** Default {@value #DEFAULT_CACHE_CONTROL}. */
    public String cacheControl() {
        return cacheControl;
    }

    /** Default {@link Disposition#ATTACHMENT}. */
    public Disposition disposition() {
        return disposition;
    }

    /** Whether every download carries {@code Content-Security-Policy: sandbox}; default false. */
    public boolean cspSandbox() {
        return cspSandbox;
    }

    /** Ranges per request the DIRECT backend honours (after coalescing); default 8. */
    public int maxRanges() {
        return maxRanges;
    }

    /** Whether DIRECT uses Tomcat's sendfile hook when offered; default true. */
    public boolean zeroCopy() {
        return zeroCopy;
    }

    /** Smallest body handed to the zero-copy hook; default 49152. */
    public long zeroCopyMinBytes() {
        return zeroCopyMinBytes;
    }

    @Override
    public String toString() {
        return "SendfilePolicy[backend=" + backend.token() + ", root=" + root + "]";
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private Path root;
        private Backend backend = Backend.DIRECT;
        private String nginxInternalPrefix = SendfileKeys.NGINX_PREFIX.defaultValue();
        private Boolean nginxBuffering;
        private long nginxLimitRate;
        private long nginxExpires;
        private boolean apacheUnescape;
        private String cacheControl = SendfileKeys.CACHE_CONTROL.defaultValue();
        private Disposition disposition = Disposition.ATTACHMENT;
        private boolean cspSandbox;
        private int maxRanges = SendfileKeys.MAX_RANGES.defaultValue();
        private boolean zeroCopy = SendfileKeys.ZERO_COPY.defaultValue();
        private long zeroCopyMinBytes = SendfileKeys.ZERO_COPY_MIN.defaultValue();

        private Builder(Path root) {
            this.root = root;
        }

        public Builder root(Path value) {
            this.root = value;
            return this;
        }

        public Builder backend(Backend value) {
            this.backend = value;
            return this;
        }

        public Builder nginxInternalPrefix(String value) {
            this.nginxInternalPrefix = value;
            return this;
        }

        /** {@code null} to send no {@code X-Accel-Buffering}. */
        public Builder nginxBuffering(Boolean value) {
            this.nginxBuffering = value;
            return this;
        }

        public Builder nginxLimitRate(long bytesPerSecond) {
            this.nginxLimitRate = bytesPerSecond;
            return this;
        }

        public Builder nginxExpires(long seconds) {
            this.nginxExpires = seconds;
            return this;
        }

        /** {@code true} for mod_xsendfile 1.0 with {@code XSendFileUnescape On}; default false (0.12). */
        public Builder apacheUnescape(boolean value) {
            this.apacheUnescape = value;
            return this;
        }

        public Builder cacheControl(String value) {
            this.cacheControl = value;
            return this;
        }

        public Builder disposition(Disposition value) {
            this.disposition = value;
            return this;
        }

        public Builder cspSandbox(boolean value) {
            this.cspSandbox = value;
            return this;
        }

        public Builder maxRanges(int value) {
            this.maxRanges = value;
            return this;
        }

        public Builder zeroCopy(boolean value) {
            this.zeroCopy = value;
            return this;
        }

        public Builder zeroCopyMinBytes(long value) {
            this.zeroCopyMinBytes = value;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ConfigException naming the key when a value is not allowed
         */
        public SendfilePolicy build() {
            if (root == null || !root.isAbsolute()) {
                throw ConfigException.badValue(KEY_ROOT, "must be an absolute path", String.valueOf(root), "code", false);
            }
            Path real;
            try {
                real = root.toRealPath();
            } catch (IOException e) {
                throw ConfigException.badValue(KEY_ROOT, "must be an existing directory", root.toString(), "code", false);
            }
            if (!Files.isDirectory(real)) {
                throw ConfigException.badValue(KEY_ROOT, "must be an existing directory", root.toString(), "code", false);
            }
            if (real.getParent() == null) {
                throw ConfigException.badValue(KEY_ROOT, "must not be the file system root", root.toString(), "code", false);
            }
            String forbidden = ForbiddenChars.firstIn(real.toString());
            if (forbidden != null) {
                throw ConfigException.badValue(KEY_ROOT, "must not contain " + forbidden
                        + " (it is written into front-server configuration)", root.toString(), "code", false);
            }
            SendfileKeys.BACKEND.check(backend);
            SendfileKeys.NGINX_PREFIX.check(nginxInternalPrefix);
            SendfileKeys.NGINX_LIMIT_RATE.check(nginxLimitRate);
            SendfileKeys.NGINX_EXPIRES.check(nginxExpires);
            SendfileKeys.CACHE_CONTROL.check(cacheControl);
            SendfileKeys.DISPOSITION.check(disposition);
            SendfileKeys.MAX_RANGES.check(maxRanges);
            SendfileKeys.ZERO_COPY_MIN.check(zeroCopyMinBytes);
            return new SendfilePolicy(this, real);
        }
    }

    /** Characters that would break a generated config line. */
    static final class ForbiddenChars {
        private ForbiddenChars() {
        }

        static String firstIn(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    return "control characters";
                }
                if (c == '"' || c == '\'' || c == '\\' || c == ';' || c == '{' || c == '}' || c == '$' || c == '#' || c == ' ') {
                    return "the character '" + c + "'";
                }
            }
            return null;
        }
    }
}
