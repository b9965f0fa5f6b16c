package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.Problem;
import io.portcullis.core.RequestBodies;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Host check and the HTTPS redirect (RFC 9110 §15.4), from an {@link HttpsPolicy}: a Host
 * outside the allowed list gets 400 {@code HOST_NOT_ALLOWED}; an insecure request gets 301/308
 * to {@code https://} the canonical or validated host, the mapped port and the raw path and
 * query; control characters in the target get 400; a redirect that would loop behind an
 * untrusted proxy gets 500 and one log line. A plain-HTTP request on a port the map does not
 * cover is reported once (log line and {@link #unmappedPort()}).
 */
final class HostCheck {

    private final HttpsPolicy policy;
    private final Set<String> exactHosts = new HashSet<>();
    private final List<String> domainSuffixes = new ArrayList<>();
    private final HostPort canonical;
    private final PathPatterns exempt;
    private final AtomicBoolean loopLogged = new AtomicBoolean();
    private final AtomicInteger unmappedPort = new AtomicInteger();

    HostCheck(HttpsPolicy policy) {
        this.policy = policy;
        for (String a : policy.allowedHosts()) {
            String entry = a.toLowerCase(Locale.ROOT);
            if (entry.startsWith(".")) {
                exactHosts.add(entry.substring(1));
                domainSuffixes.add(entry);
            } else {
                exactHosts.add(entry);
            }
        }
        this.canonical = policy.canonicalHost() == null ? null : HostPort.parse(policy.canonicalHost());
        if (canonical != null) {
            exactHosts.add(canonical.host);
        }
        this.exempt = PathPatterns.of("portcullis.https.exempt", policy.exempt());
    }

    /** The first plain-HTTP port seen that the port map does not cover, or 0. */
    int unmappedPort() {
        return unmappedPort.get();
    }

    boolean isAllowedHost(String host) {
        if (host == null) {
            return false;
        }
        if (exactHosts.contains(host)) {
            return true;
        }
        for (String suffix : domainSuffixes) {
            if (host.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** Host check and redirect; false when the answer has been sent. */
    boolean admit(HttpServletRequest request, HttpServletResponse response, EffectiveRequest eff) throws IOException {
        if (!isAllowedHost(eff.hostOrNull())) {
            String shown = String.valueOf(eff.host().orElse(request.getHeader("Host")));
            if (policy.reportOnly()) {
                Engine.LOG.log(Level.WARNING, "Portcullis report-only: would refuse Host " + quote(shown)
                        + " (not in portcullis.hosts.allowed)");
                return true;
            }
            RequestBodies.discardOrClose(request, response, RequestBodies.SMALL_BODY);
            Problem.of(400, "HOST_NOT_ALLOWED", "Host not allowed")
                    .detail("The Host of this request is not one this site answers to.")
                    .write(response);
            return false;
        }
        if (eff.isSecure() || !policy.redirect() || !exempt.isEmpty() && exempt.matches(Engine.pathOf(request))) {
            return true;
        }
        String target = target(request, eff);
        if (target == null) {
            RequestBodies.discardOrClose(request, response, RequestBodies.SMALL_BODY);
            Problem.of(400, "REDIRECT_TARGET_INVALID", "Bad request target")
                    .detail("The request target contains control characters.")
                    .write(response);
            return false;
        }
        if (eff.untrustedPeerClaimsHttps()) {
            // logged loudly once, then at DEBUG, so a client sending the header cannot flood the log
            Engine.LOG.log(loopLogged.getAndSet(true) ? Level.DEBUG : Level.ERROR, "Portcullis: refusing to redirect "
                    + request.getMethod() + " " + quote(current(request, eff)) + " to " + quote(target)
                    + ": the request came from "
                    + eff.clientAddress() + " with X-Forwarded-Proto/Forwarded saying https, "
                    + "so the redirect would point at the very URL requested and loop; the proxy is not trusted: "
                    + "add its address to portcullis.proxy.trusted");
            RequestBodies.discardOrClose(request, response, RequestBodies.SMALL_BODY);
            Problem.of(500, "REDIRECT_LOOP", "Redirect loop refused")
                    .detail("The server is misconfigured (proxy not trusted); see the server log.")
                    .write(response);
            return false;
        }
        reportUnmappedPort(eff.port());
        String method = request.getMethod();
        int status = "GET".equals(method) || "HEAD".equals(method) ? policy.getStatus() : policy.otherStatus();
        if (policy.reportOnly()) {
            Engine.LOG.log(Level.INFO, "Portcullis report-only: would redirect " + method + " "
                    + quote(current(request, eff))
                    + " with " + status + " to " + quote(target));
            return true;
        }
        RequestBodies.discardOrClose(request, response, RequestBodies.SMALL_BODY); // a POST's form, before 308
        response.setStatus(status);
        response.setHeader("Location", target);
        response.setContentLength(0);
        response.flushBuffer();
        return false;
    }

    private void reportUnmappedPort(int port) {
        if (canonical != null && canonical.port > 0 || port == 80 || policy.portMap().containsKey(port)) {
            return;
        }
        if (unmappedPort.compareAndSet(0, port)) {
            Engine.LOG.log(Level.WARNING, "Portcullis: a plain-HTTP request arrived on port " + port
                    + ", which portcullis.https.port-map (" + mapText(policy.portMap())
                    + ") does not cover, so it was redirected to "
                    + "the HTTPS default port 443; if HTTPS listens elsewhere add " + port
                    + ":<https port> to portcullis.https.port-map (see docs/hardening-filters.md, \"Ports\")");
        }
    }

    static String mapText(Map<Integer, Integer> map) {
        StringBuilder b = new StringBuilder();
        map.forEach((k, v) -> b.append(b.length() == 0 ? "" : ",").append(k).append(':').append(v));
        return b.toString();
    }

    private static String current(HttpServletRequest request, EffectiveRequest eff) {
        String q = request.getQueryString();
        return eff.scheme() + "://" + eff.host().orElse("?") + ":" + eff.port() + request.getRequestURI()
                + (q == null ? "" : "?" + q);
    }

    /**
     * {@code https://host[:port]<raw path>[?<raw query>]}; null when the target holds control
     * characters (CR/LF injection). Non-ASCII bytes are percent-encoded (RFC 3986 §2.1).
     */
    String target(HttpServletRequest request, EffectiveRequest eff) {
        String host;
        int port;
        if (canonical != null) {
            host = canonical.host;
            port = canonical.port > 0 ? canonical.port : policy.portMap().getOrDefault(eff.port(), 443);
        } else {
            host = eff.host().orElseThrow();
            port = policy.portMap().getOrDefault(eff.port(), 443);
        }
        String q = request.getQueryString();
        String rest = request.getRequestURI() + (q == null ? "" : "?" + q);
        StringBuilder b = new StringBuilder("https://").append(host);
        if (port != 443) {
            b.append(':').append(port);
        }
        for (byte x : rest.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c < 0x20 || c == 0x7f) {
                return null;
            }
            if (c >= 0x80 || c == ' ') {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            } else {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private static String quote(String s) {
        return ConfigException.quote(s);
    }
}
