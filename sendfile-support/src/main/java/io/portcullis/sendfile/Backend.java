package io.portcullis.sendfile;

import io.portcullis.core.WireToken;

/**
 * Who delivers the bytes after the application has authorised a download. Chosen by
 * configuration only ({@code portcullis.sendfile.backend}); never by a request header
 * (the Rack CVE-2025-61780 and Symfony #65683 lesson).
 */
public enum Backend implements WireToken {
    /** Apache httpd + mod_xsendfile: response header {@code X-Sendfile: <absolute path, %-encoded>}. */
    APACHE("apache", "X-Sendfile"),
    /** nginx: response header {@code X-Accel-Redirect: <internal prefix><relative path, %-encoded>}. */
    NGINX("nginx", "X-Accel-Redirect"),
    /** lighttpd 1.4 mod_proxy/fastcgi with {@code "x-sendfile" => "enable"}: {@code X-Sendfile}. */
    LIGHTTPD("lighttpd", "X-Sendfile"),
    /** The servlet container streams the file itself, with full RFC 9110 range and conditional handling. */
    DIRECT("direct", null);

    private final String token;
    private final String header;

    Backend(String token, String header) {
        this.token = token;
        this.header = header;
    }

    @Override
    public String token() {
        return token;
    }

    /** The response header that hands the file to the front server, or {@code null} for {@link #DIRECT}. */
    public String offloadHeader() {
        return header;
    }

    /** Whether a front server delivers the bytes. */
    public boolean offloads() {
        return header != null;
    }
}
