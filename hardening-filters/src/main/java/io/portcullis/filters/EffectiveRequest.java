package io.portcullis.filters;

import jakarta.servlet.ServletRequest;
import java.util.Objects;
import java.util.Optional;

/**
 * What the client really asked for: scheme, host, port and client address, taken from the
 * socket, or from RFC 7239 {@code Forwarded} / {@code X-Forwarded-*} only when the immediate
 * peer is a trusted proxy ({@code portcullis.proxy.trusted}). Computed once per request by the
 * first Portcullis filter and stored under {@link #ATTRIBUTE}, so the redirect, HSTS, cookie
 * hardening and the application always agree on whether a request is secure.
 *
 * <p>Immutable. Read it with {@link #of(ServletRequest)}.
 */
public final class EffectiveRequest {

    /** The request attribute holding the {@code EffectiveRequest} of the current request. */
    public static final String ATTRIBUTE = "io.portcullis.filters.EffectiveRequest";

    private final String scheme;
    private final String host;
    private final int port;
    private final String clientAddress;
    private final boolean secure;
    private final boolean viaTrustedProxy;
    private final boolean forwardedFromUntrustedPeer;
    private final boolean untrustedPeerClaimsHttps;
    private final boolean mixedProxyHeaders;
    private final boolean forwardingHeaders;

    EffectiveRequest(String scheme, String host, int port, String clientAddress, boolean secure,
            boolean viaTrustedProxy, boolean forwardedFromUntrustedPeer, boolean untrustedPeerClaimsHttps) {
        this(scheme, host, port, clientAddress, secure, viaTrustedProxy, forwardedFromUntrustedPeer,
                untrustedPeerClaimsHttps, false, viaTrustedProxy || forwardedFromUntrustedPeer);
    }

    EffectiveRequest(String scheme, String host, int port, String clientAddress, boolean secure,
            boolean viaTrustedProxy, boolean forwardedFromUntrustedPeer, boolean untrustedPeerClaimsHttps,
            boolean mixedProxyHeaders, boolean forwardingHeaders) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
        this.clientAddress = clientAddress;
        this.secure = secure;
        this.viaTrustedProxy = viaTrustedProxy;
        this.forwardedFromUntrustedPeer = forwardedFromUntrustedPeer;
        this.untrustedPeerClaimsHttps = untrustedPeerClaimsHttps;
        this.mixedProxyHeaders = mixedProxyHeaders;
        this.forwardingHeaders = forwardingHeaders;
    }

    /** The effective request stored by a Portcullis filter, if one ran for this request. */
    public static Optional<EffectiveRequest> of(ServletRequest request) {
        Object value = request.getAttribute(ATTRIBUTE);
        return value instanceof EffectiveRequest e ? Optional.of(e) : Optional.empty();
    }

    /** {@code http} or {@code https}. */
    public String scheme() {
        return scheme;
    }

    /**
     * The host the client used, lower case (IPv6 literals in brackets), or empty when the Host
     * (or a trusted proxy's forwarded host) was not a valid host name.
     */
    public Optional<String> host() {
        return Optional.ofNullable(host);
    }

    /** {@link #host()} without the Optional (the per-request path allocates nothing for it). */
    String hostOrNull() {
        return host;
    }

    /** The port the client connected to (the scheme's default when none was given). */
    public int port() {
        return port;
    }

    /** The client's address: the socket peer, or the first untrusted hop a trusted proxy reported. */
    public String clientAddress() {
        return clientAddress;
    }

    /** Whether the client's connection was HTTPS (container {@code isSecure()} or trusted proxy). */
    public boolean isSecure() {
        return secure;
    }

    /** Whether a trusted proxy supplied any of these values. */
    public boolean viaTrustedProxy() {
        return viaTrustedProxy;
    }

    /** Whether the request carried forwarding headers from a peer that is not trusted (they were ignored). */
    public boolean forwardedFromUntrustedPeer() {
        return forwardedFromUntrustedPeer;
    }

    boolean untrustedPeerClaimsHttps() {
        return untrustedPeerClaimsHttps;
    }

    EffectiveRequest withMixedProxyHeaders() {
        return new EffectiveRequest(scheme, host, port, clientAddress, secure, viaTrustedProxy,
                forwardedFromUntrustedPeer, untrustedPeerClaimsHttps, true, true);
    }

    /** The same values, marked as coming from a request that carried forwarding headers. */
    EffectiveRequest withForwardingHeaders() {
        return forwardingHeaders ? this : new EffectiveRequest(scheme, host, port, clientAddress, secure,
                viaTrustedProxy, forwardedFromUntrustedPeer, untrustedPeerClaimsHttps, mixedProxyHeaders, true);
    }

    /**
     * Whether the request carried any forwarding header Portcullis reads ({@code Forwarded},
     * {@code X-Forwarded-For/Proto/Host/Port}), from any peer: the request passed downstream then
     * hides them.
     */
    boolean carriesForwardingHeaders() {
        return forwardingHeaders;
    }

    /**
     * Whether a trusted proxy's request carried both Forwarded and X-Forwarded-* (only the
     * configured family was read).
     */
    boolean mixedProxyHeaders() {
        return mixedProxyHeaders;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EffectiveRequest e && port == e.port && secure == e.secure
                && viaTrustedProxy == e.viaTrustedProxy
                && forwardedFromUntrustedPeer == e.forwardedFromUntrustedPeer && scheme.equals(e.scheme)
                && Objects.equals(host, e.host) && Objects.equals(clientAddress, e.clientAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, host, port, clientAddress, secure);
    }

    @Override
    public String toString() {
        return scheme + "://" + (host == null ? "<invalid host>" : host) + ":" + port + " client=" + clientAddress
                + (viaTrustedProxy ? " via trusted proxy" : "")
                + (forwardedFromUntrustedPeer ? " (ignored forwarded headers from untrusted peer)" : "");
    }
}
