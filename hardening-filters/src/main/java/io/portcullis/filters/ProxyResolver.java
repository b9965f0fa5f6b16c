package io.portcullis.filters;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Computes the {@link EffectiveRequest}. Forwarding headers count only when the socket peer is
 * in the trusted CIDR list, and then only the one family the policy names
 * ({@code portcullis.proxy.headers}): a proxy overwrites the family it sends and passes the other
 * through from the client, so letting the request choose would let the client choose. Lists are
 * walked right to left, skipping trusted hops, so the first untrusted hop decides (a client can
 * prepend anything it likes to the left of a list). A request without any forwarding header
 * (the common case) costs no list at all.
 */
final class ProxyResolver {

    // lower case: header names are case-insensitive (RFC 9110 §5.1) and the containers compare
    // ignoring case, while a request that lower-cases the name for its look-up then copies nothing
    private static final String HOST = "host";
    private static final String FORWARDED = "forwarded";
    private static final String XF_PROTO = "x-forwarded-proto";
    private static final String XF_HOST = "x-forwarded-host";
    private static final String XF_PORT = "x-forwarded-port";
    private static final String XF_FOR = "x-forwarded-for";
    private static final String[] X_FORWARDED = {XF_PROTO, XF_HOST, XF_PORT, XF_FOR};

    private final List<Cidr> trusted;
    private final HardeningPolicy.ProxyHeaders headers;
    /** The last Host value parsed and its result: a site answers to few names, so most requests reuse it. */
    private volatile ParsedHost lastHost;

    private record ParsedHost(String raw, HostPort parsed) {
    }

    ProxyResolver(List<Cidr> trusted, HardeningPolicy.ProxyHeaders headers) {
        this.trusted = List.copyOf(trusted);
        this.headers = headers;
    }

    boolean isTrusted(String address) {
        if (trusted.isEmpty()) {
            return false;
        }
        byte[] b = Cidr.literal(address);
        if (b == null) {
            return false;
        }
        for (Cidr c : trusted) {
            if (c.contains(b)) {
                return true;
            }
        }
        return false;
    }

    EffectiveRequest compute(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        boolean socketSecure = request.isSecure();
        HostPort hostHeader = host(request);
        if (headers == HardeningPolicy.ProxyHeaders.CONTAINER) {
            return containerView(request, peer, socketSecure);
        }
        boolean hasForwarded = request.getHeader(FORWARDED) != null;
        boolean hasX = false;
        for (String name : X_FORWARDED) {
            if (request.getHeader(name) != null) {
                hasX = true;
                break;
            }
        }
        if (!hasForwarded && !hasX) {
            return socketView(socketSecure, hostHeader, peer, false, false);
        }
        if (!isTrusted(peer)) {
            return socketView(socketSecure, hostHeader, peer, true,
                    claimsHttps(values(request, FORWARDED), values(request, XF_PROTO)));
        }
        boolean mixed = hasForwarded && hasX;
        EffectiveRequest socket = socketView(socketSecure, hostHeader, peer, false, false);
        EffectiveRequest out;
        if (headers == HardeningPolicy.ProxyHeaders.FORWARDED) {
            out = hasForwarded
                    ? fromForwarded(values(request, FORWARDED), peer, socketSecure, hostHeader, socket)
                    : socket;
        } else {
            // X_FORWARDED (AUTO is refused by ProxyPolicy once a proxy is trusted)
            out = hasX ? fromXForwarded(request, peer, socketSecure, hostHeader, socket) : socket;
        }
        // withMixedProxyHeaders marks it too; a malformed header leaves the socket view, still marked
        return mixed ? out.withMixedProxyHeaders() : out.withForwardingHeaders();
    }

    private EffectiveRequest fromForwarded(List<String> forwarded, String peer, boolean socketSecure,
            HostPort hostHeader,
            EffectiveRequest socket) {
        // each element on its own: a client's malformed element left of the proxy's does not void it
        List<Map<String, String>> elements = ForwardedHeader.elements(forwarded);
        if (elements.isEmpty()) {
            return socket;
        }
        int i = elements.size() - 1;
        while (i > 0 && elements.get(i) != null && isTrusted(ForwardedHeader.nodeAddress(elements.get(i).get("for")))) {
            i--;
        }
        if (elements.get(i) == null) {
            // the hop that decides is malformed: nothing to believe from it
            return socket;
        }
        Map<String, String> hop = elements.get(i);
        String client = hop.containsKey("for") ? hop.get("for") : peer;
        String clientAddr = ForwardedHeader.nodeAddress(client);
        return forwardedView(hop.get("proto"), hop.get("host"), null, clientAddr != null ? clientAddr : client,
                socketSecure, hostHeader, socket);
    }

    private EffectiveRequest fromXForwarded(HttpServletRequest request, String peer, boolean socketSecure,
            HostPort hostHeader,
            EffectiveRequest socket) {
        List<String> fors = values(request, XF_FOR);
        int idx = fors.size() - 1;
        while (idx > 0 && isTrusted(fors.get(idx))) {
            idx--;
        }
        String client = fors.isEmpty() ? peer : fors.get(idx);
        return forwardedView(aligned(values(request, XF_PROTO), fors.size(), idx),
                aligned(values(request, XF_HOST), fors.size(), idx),
                aligned(values(request, XF_PORT), fors.size(), idx), client, socketSecure, hostHeader, socket);
    }

    /**
     * The container already applied the proxy's headers (RemoteIpValve, ForwardedRequestCustomizer):
     * its scheme, server name and port (from X-Forwarded-Host/Port) and peer are the client's view.
     */
    private static EffectiveRequest containerView(HttpServletRequest request, String peer, boolean secure) {
        String scheme = secure ? "https" : "http";
        String name = request.getServerName();
        HostPort hp = name == null ? null
                : HostPort.parse(name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name);
        // a port outside 1-65535 is no TCP port: the scheme's default, as for none
        int serverPort = request.getServerPort();
        int port = serverPort > 0 && serverPort <= 65535 ? serverPort : defaultPort(scheme);
        return new EffectiveRequest(scheme, hp == null ? null : hp.host, port, peer, secure, false, false, false);
    }

    private static EffectiveRequest socketView(boolean secure, HostPort host, String peer, boolean untrustedForwarding,
            boolean claimsHttps) {
        String scheme = secure ? "https" : "http";
        int port = host != null && host.port > 0 ? host.port : defaultPort(scheme);
        return new EffectiveRequest(scheme, host == null ? null : host.host, port, peer, secure, false,
                untrustedForwarding, untrustedForwarding && claimsHttps && !secure);
    }

    private static EffectiveRequest forwardedView(String proto, String host, String port, String client,
            boolean socketSecure, HostPort hostHeader, EffectiveRequest socket) {
        // A value that is not one a proxy writes (a proto other than http/https, a port that is no TCP
        // port) is ignored alone: it is typically the client's own header, which a proxy that does
        // not set that one passes on (nginx's usual block and lighttpd pass X-Forwarded-Port, Apache
        // X-Forwarded-Proto too). Voiding every forwarded value for it would present the proxy's
        // own address as the client's, chosen by the client.
        String scheme = socket.scheme();
        if (proto != null) {
            String p = proto.trim().toLowerCase(Locale.ROOT);
            if (p.equals("http") || p.equals("https")) {
                scheme = p;
            }
        }
        // the host the client used: the forwarded host when the proxy sent one, else the Host it passed on
        HostPort hp = hostHeader;
        if (host != null) {
            hp = HostPort.parse(host.trim());
        }
        int forwardedPort = 0;
        if (port != null) {
            String pt = port.trim();
            if (pt.matches("[0-9]{1,5}") && Integer.parseInt(pt) >= 1 && Integer.parseInt(pt) <= 65535) {
                forwardedPort = Integer.parseInt(pt);
            }
        }
        // The port: an explicit port in that host wins (it is what the browser put in Host, so what its
        // Origin carries, even behind NAT or a container port mapping where the proxy listens on
        // another port); then X-Forwarded-Port; then the effective scheme's default. Tomcat's
        // RemoteIpFilter and Spring's ForwardedHeaderFilter drop a Host port once X-Forwarded-Proto
        // is present (nginx's proxy_set_header Host $http_host would then say 443).
        int effectivePort;
        if (hp != null && hp.port > 0) {
            effectivePort = hp.port;
        } else if (forwardedPort > 0) {
            effectivePort = forwardedPort;
        } else {
            effectivePort = defaultPort(scheme);
        }
        boolean secure = socketSecure || scheme.equals("https");
        return new EffectiveRequest(scheme, hp == null ? null : hp.host, effectivePort, client, secure, true, false,
                false);
    }

    private static String aligned(List<String> list, int forsSize, int idx) {
        if (list.isEmpty()) {
            return null;
        }
        return list.size() == forsSize && idx >= 0 ? list.get(idx) : list.get(list.size() - 1);
    }

    private static boolean claimsHttps(List<String> forwarded, List<String> xfProto) {
        for (String p : xfProto) {
            if (p.trim().equalsIgnoreCase("https")) {
                return true;
            }
        }
        for (String f : forwarded) {
            if (f.toLowerCase(Locale.ROOT).replace(" ", "").matches(".*proto=\"?https.*")) {
                return true;
            }
        }
        return false;
    }

    /** {@link #hostFromRequest}, reusing the last result when the Host value is the same text. */
    private HostPort host(HttpServletRequest request) {
        String raw = request.getHeader(HOST);
        if (raw == null) {
            return hostFromRequest(request);
        }
        ParsedHost last = lastHost;
        if (last != null && last.raw.equals(raw)) {
            return last.parsed;
        }
        HostPort parsed = HostPort.parse(raw.trim());
        lastHost = new ParsedHost(raw, parsed);
        return parsed;
    }

    static HostPort hostFromRequest(HttpServletRequest request) {
        String host = request.getHeader(HOST);
        if (host == null) {
            String name = request.getServerName();
            if (name == null) {
                return null;
            }
            return HostPort.parse(name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name);
        }
        return HostPort.parse(host.trim());
    }

    static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    /** Every comma-separated value of every field with this name, trimmed, in order. */
    private static List<String> values(HttpServletRequest request, String name) {
        List<String> out = new ArrayList<>();
        for (String field : Collections.list(request.getHeaders(name))) {
            if (name.equals(FORWARDED)) {
                out.add(field);
                continue;
            }
            for (String v : field.split(",")) {
                if (!v.isBlank()) {
                    out.add(v.trim());
                }
            }
        }
        return out;
    }
}
