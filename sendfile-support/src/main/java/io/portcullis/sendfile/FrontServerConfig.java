package io.portcullis.sendfile;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Front-server configuration generated from the same {@link SendfilePolicy} the application
 * uses, so the two agree on the root, the internal prefix and the header. Paste the output into
 * the server's configuration (nginx {@code server} block, Apache virtual host / server config,
 * lighttpd.conf).
 *
 * <p><b>nginx caveat:</b> on {@code X-Accel-Redirect} nginx keeps only Content-Type,
 * Content-Disposition, Cache-Control, Expires, Set-Cookie and Accept-Ranges from the
 * application's answer; every other header (nosniff, CSP, HSTS, Referrer-Policy, …) is dropped.
 * The generated location restores them with {@code add_header … always} from the
 * application's answer ({@code $upstream_http_*}), and because a location with its own
 * {@code add_header} inherits none from the server level, it lists every security header here.
 *
 * <p>From the command line: {@code java -jar checkup.jar front-server nginx|apache|lighttpd --root DIR}
 * (see docs/sendfile-support.md); {@code main} here still prints the snippet for the configured
 * backend (or the one named) from {@code -Dportcullis.sendfile.*} or {@code portcullis.properties}.
 */
public final class FrontServerConfig {

    /** Headers nginx drops on X-Accel-Redirect that the generated location restores from the app's answer. */
    public static final List<String> NGINX_RESTORED_HEADERS = List.of("Content-Security-Policy", "Strict-Transport-Security",
            "Referrer-Policy", "X-Frame-Options", "Cross-Origin-Resource-Policy", "Cross-Origin-Opener-Policy",
            "Permissions-Policy");

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:\\[\\]-]{1,255}");

    private final Backend backend;
    private final String root;
    private final String nginxInternalPrefix;
    private final boolean apacheUnescape;

    private FrontServerConfig(Backend backend, String root, String nginxInternalPrefix, boolean apacheUnescape) {
        this.backend = backend;
        this.root = root;
        this.nginxInternalPrefix = nginxInternalPrefix;
        this.apacheUnescape = apacheUnescape;
    }

    /** From the application's own policy (its root resolved on this machine). */
    public static FrontServerConfig of(SendfilePolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return new FrontServerConfig(policy.backend(), policy.realRoot().toString(), policy.nginxInternalPrefix(),
                policy.apacheUnescape());
    }

    /**
     * For a root that exists only on the server the snippet is for: written as given, never resolved
     * here, so the configuration can be generated on another machine. The root must be absolute and
     * normalised, not the file-system root, and free of characters that would break a configuration
     * line; the prefix follows {@code portcullis.sendfile.nginx.internal-prefix}'s rule.
     *
     * @throws ConfigException naming what is wrong, with the value quoted
     */
    public static FrontServerConfig forRoot(Backend backend, Path root, String nginxInternalPrefix, boolean apacheUnescape) {
        Objects.requireNonNull(backend, "backend");
        if (root == null || !root.isAbsolute()) {
            throw new ConfigException("root must be an absolute path; got " + ConfigException.quote(String.valueOf(root)));
        }
        if (!root.normalize().equals(root) || root.getParent() == null) {
            throw new ConfigException("root must be a normalised directory path other than the file system root; got "
                    + ConfigException.quote(root.toString()));
        }
        String forbidden = SendfilePolicy.ForbiddenChars.firstIn(root.toString());
        if (forbidden != null) {
            throw new ConfigException("root must not contain " + forbidden + " (it is written into front-server configuration); got "
                    + ConfigException.quote(root.toString()));
        }
        if (nginxInternalPrefix == null || !SendfilePolicy.PREFIX_SYNTAX.matcher(nginxInternalPrefix).matches()
                || nginxInternalPrefix.contains("/../") || nginxInternalPrefix.contains("/./")) {
            throw new ConfigException("location must look like /name/ (letters, digits, . _ ~ -, starting and ending with /, "
                    + "no dot segments); got " + ConfigException.quote(String.valueOf(nginxInternalPrefix)));
        }
        String text = root.toString();
        return new FrontServerConfig(backend, text.endsWith("/") && text.length() > 1 ? text.substring(0, text.length() - 1) : text,
                nginxInternalPrefix, apacheUnescape);
    }

    private String root() {
        return root;
    }

    /**
     * mod_proxy passes a client's own X-Forwarded-Proto, X-Forwarded-Port and Forwarded on, so a
     * trusted Apache lets the client pick the scheme and port the application sees (measured in
     * hardening-filters' ApacheLighttpdProxyTest); the lines depend on the virtual host's scheme,
     * so they are shown, not written.
     */
    private static final String APACHE_CLEAR_CLIENT_HEADERS = """
            # In each virtual host that proxies to the application, clear what a client could forge
            # (mod_headers; see docs/hardening-filters.md, "Apache httpd and lighttpd pass some of the
            # client's headers on"):
            #   RequestHeader set X-Forwarded-Proto "https"   # "http" in a plain-HTTP virtual host
            #   RequestHeader unset X-Forwarded-Port
            #   RequestHeader unset X-Forwarded-For
            #   RequestHeader unset X-Forwarded-Host
            #   RequestHeader unset Forwarded
            """;

    /**
     * lighttpd's proxy.server passes a client's own X-Forwarded-Port and Forwarded on; mod_setenv
     * removes a request header set to "". A second {@code setenv.set-request-header} in the same
     * configuration is refused by lighttpd at start-up (loud), so the comment says to merge.
     */
    private static final String LIGHTTPD_CLEAR_CLIENT_HEADERS = """
            # A client's own X-Forwarded-Port and Forwarded would pass through proxy.server: cleared here
            # (docs/hardening-filters.md; merge into an existing setenv.set-request-header if you have one).
            server.modules += ("mod_setenv")
            setenv.set-request-header = ("X-Forwarded-Port" => "", "Forwarded" => "")
            """;

    /**
     * lighttpd 1.4.69 keeps a file's stat() result for about a second (engine "simple"): a file
     * replaced in that second was sent with the old length (a 200 of the new file cut short) and
     * answered 304 to the old ETag. Measured in {@code FrontServerContract}; the engine is global.
     */
    private static final String LIGHTTPD_NO_STAT_CACHE = """
            # Without this lighttpd sends a file replaced in the last second with its old length (cut short)
            # and answers 304 to its old ETag. Global key: drop any other server.stat-cache-engine line.
            server.stat-cache-engine = "disable"
            """;

    /**
     * The application names the file by its real path; a symlink met when lighttpd opens it was
     * put there after the application's check (a file swapped for a link out of the root was
     * delivered). The nginx equivalent is {@code disable_symlinks on}; mod_xsendfile has none.
     */
    private static final String LIGHTTPD_NO_SYMLINKS = """
            # The app sends real paths: a symlink found at delivery was swapped in after its check.
            # Global key (lighttpd then follows no symlink anywhere): drop any other server.follow-symlink line.
            server.follow-symlink = "disable"
            """;

    /** The nginx {@code location} block, for inside the {@code server} that proxies to the application. */
    public String nginx() {
        String prefix = nginxInternalPrefix;
        StringBuilder out = new StringBuilder();
        out.append("# Portcullis sendfile (backend nginx): X-Accel-Redirect targets under ").append(prefix).append('\n');
        out.append("# internal: a client asking for ").append(prefix).append("... directly gets 404.\n");
        out.append("# nginx keeps only Content-Type, Content-Disposition, Cache-Control, Expires, Set-Cookie and\n");
        out.append("# Accept-Ranges from the app on X-Accel-Redirect; add_header restores the security headers.\n");
        out.append("location ^~ ").append(prefix).append(" {\n");
        out.append("    internal;\n");
        out.append("    alias ").append(root()).append("/;\n");
        out.append("    disable_symlinks on;\n");
        out.append("    add_header X-Content-Type-Options \"nosniff\" always;\n");
        for (String h : NGINX_RESTORED_HEADERS) {
            out.append("    add_header ").append(h).append(" $upstream_http_")
                    .append(h.toLowerCase(Locale.ROOT).replace('-', '_')).append(" always;\n");
        }
        out.append("}\n");
        return out.toString();
    }

    /** Apache httpd + mod_xsendfile lines (server config or virtual host that proxies to the application). */
    public String apache() {
        return "# Portcullis sendfile (backend apache): mod_xsendfile serves X-Sendfile paths under the root only.\n"
                + "# Debian: apt-get install libapache2-mod-xsendfile && a2enmod xsendfile\n"
                + "<IfModule !xsendfile_module>\n"
                + "    LoadModule xsendfile_module /usr/lib/apache2/modules/mod_xsendfile.so\n"
                + "</IfModule>\n"
                + "XSendFile On\n"
                + "XSendFilePath " + root() + "\n"
                + (apacheUnescape
                        ? "# mod_xsendfile 1.0: the app percent-encodes the path once (portcullis.sendfile.apache.unescape=true).\nXSendFileUnescape On\n"
                        : "# mod_xsendfile 0.12 (Debian/Ubuntu): the app sends raw UTF-8 path bytes (portcullis.sendfile.apache.unescape=false).\n")
                + APACHE_CLEAR_CLIENT_HEADERS;
    }

    /**
     * lighttpd 1.4 settings: in 1.4.69 the X-Sendfile switches are options of each proxied
     * host inside {@code proxy.server} (top-level {@code proxy.x-sendfile} keys are ignored).
     */
    public String lighttpd(String appHost, int appPort) {
        if (appHost == null || !HOST.matcher(appHost).matches()) {
            throw new IllegalArgumentException("appHost must be a host name or IP address; got \"" + appHost + "\"");
        }
        if (appPort < 1 || appPort > 65535) {
            throw new IllegalArgumentException("appPort must be in [1, 65535]; got " + appPort);
        }
        return "# Portcullis sendfile (backend lighttpd): X-Sendfile from the app, only under the root.\n"
                + "server.modules += (\"mod_proxy\")\n"
                + "proxy.server = (\"\" => ((\"host\" => \"" + appHost + "\", \"port\" => " + appPort + ",\n"
                + "                        \"x-sendfile\" => \"enable\",\n"
                + "                        \"x-sendfile-docroot\" => (\"" + root() + "/\"))))\n"
                + LIGHTTPD_NO_STAT_CACHE
                + LIGHTTPD_NO_SYMLINKS
                + LIGHTTPD_CLEAR_CLIENT_HEADERS;
    }

    /** The snippet for the policy's backend; DIRECT needs none and says so. */
    public String forBackend(String appHost, int appPort) {
        return switch (backend) {
            case NGINX -> nginx();
            case APACHE -> apache();
            case LIGHTTPD -> lighttpd(appHost, appPort);
            case DIRECT -> "# Portcullis sendfile backend is direct: the container sends files; no front-server configuration needed.\n";
        };
    }

    /**
     * Prints the snippet. Arguments: optional backend ({@code nginx}, {@code apache}, {@code lighttpd};
     * default the configured one) and optional {@code host:port} of the application (default
     * {@code 127.0.0.1:8080}, used by lighttpd).
     */
    public static void main(String[] args) {
        SendfilePolicy policy = SendfilePolicy.fromSettings(Settings.fromSystem());
        if (args.length > 0) {
            policy = policy.toBuilder().backend(io.portcullis.core.WireToken.lookup(Backend.class, "backend argument", args[0])).build();
        }
        String host = "127.0.0.1";
        int port = 8080;
        if (args.length > 1) {
            int colon = args[1].lastIndexOf(':');
            host = args[1].substring(0, colon);
            port = Integer.parseInt(args[1].substring(colon + 1));
        }
        System.out.print(of(policy).forBackend(host, port));
    }
}
