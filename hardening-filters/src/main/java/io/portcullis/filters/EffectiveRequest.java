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

    // the port (1-65535) in the low 16 bits and every flag above it, the scheme being one of them
    // ("http" or "https"): three fields, 24 bytes per request instead of 40 (see docs/benchmarks.md)
    private static final int PORT = 0xFFFF;
    private static final int HTTPS = 1 << 16;
    private static final int SECURE = 1 << 17;
    private static final int VIA_TRUSTED_PROXY = 1 << 18;
    private static final int FORWARDED_FROM_UNTRUSTED_PEER = 1 << 19;
    private static final int UNTRUSTED_PEER_CLAIMS_HTTPS = 1 << 20;
    private static final int MIXED_PROXY_HEADERS = 1 << 21;
    private static final int FORWARDING_HEADERS = 1 << 22;

    private final String host;
    private final String clientAddress;
    private final int bits;

    EffectiveRequest(String scheme, String host, int port, String clientAddress, boolean secure,
            boolean viaTrustedProxy, boolean forwardedFromUntrustedPeer, boolean untrustedPeerClaimsHttps) {
        this(scheme, host, port, clientAddress, secure, viaTrustedProxy, forwardedFromUntrustedPeer,
                untrustedPeerClaimsHttps, false, viaTrustedProxy || forwardedFromUntrustedPeer);
    }

    EffectiveRequest(String scheme, String host, int port, String clientAddress, boolean secure,
            boolean viaTrustedProxy, boolean forwardedFromUntrustedPeer, boolean untrustedPeerClaimsHttps,
            boolean mixedProxyHeaders, boolean forwardingHeaders) {
        this(host, clientAddress, schemeBit(scheme) | portBits(port) | (secure ? SECURE : 0)
                | (viaTrustedProxy ? VIA_TRUSTED_PROXY : 0)
                | (forwardedFromUntrustedPeer ? FORWARDED_FROM_UNTRUSTED_PEER : 0)
                | (untrustedPeerClaimsHttps ? UNTRUSTED_PEER_CLAIMS_HTTPS : 0)
                | (mixedProxyHeaders ? MIXED_PROXY_HEADERS : 0) | (forwardingHeaders ? FORWARDING_HEADERS : 0));
    }

    private EffectiveRequest(String host, String clientAddress, int bits) {
        this.host = host;
        this.clientAddress = clientAddress;
        this.bits = bits;
    }

    /** Every scheme the resolver produces is one of the two; anything else is a bug, not a request. */
    private static int schemeBit(String scheme) {
        if ("https".equals(scheme)) {
            return HTTPS;
        }
        if ("http".equals(scheme)) {
            return 0;
        }
        throw new IllegalArgumentException("scheme " + scheme);
    }

    /** A TCP port; the resolver only produces 1-65535 (parsed, validated or a default). */
    private static int portBits(int port) {
        if (port < 0 || port > PORT) {
            throw new IllegalArgumentException("port " + port);
        }
        return port;
    }

    /** The effective request stored by a Portcullis filter, if one ran for this request. */
    public static Optional<EffectiveRequest> of(ServletRequest request) {
        Object value = request.getAttribute(ATTRIBUTE);
        return value instanceof EffectiveRequest e ? Optional.of(e) : Optional.empty();
    }

    /** {@code http} or {@code https}. */
    public String scheme() {
        return (bits & HTTPS) != 0 ? "https" : "http";
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
        return bits & PORT;
    }

    /** The client's address: the socket peer, or the first untrusted hop a trusted proxy reported. */
    public String clientAddress() {
        return clientAddress;
    }

    /** Whether the client's connection was HTTPS (container {@code isSecure()} or trusted proxy). */
    public boolean isSecure() {
        return (bits & SECURE) != 0;
    }

    /** Whether a trusted proxy supplied any of these values. */
    public boolean viaTrustedProxy() {
        return (bits & VIA_TRUSTED_PROXY) != 0;
    }

    /** Whether the request carried forwarding headers from a peer that is not trusted (they were ignored). */
    public boolean forwardedFromUntrustedPeer() {
        return (bits & FORWARDED_FROM_UNTRUSTED_PEER) != 0;
    }

    boolean untrustedPeerClaimsHttps() {
        return (bits & UNTRUSTED_PEER_CLAIMS_HTTPS) != 0;
    }

    EffectiveRequest withMixedProxyHeaders() {
        return new EffectiveRequest(host, clientAddress, bits | MIXED_PROXY_HEADERS | FORWARDING_HEADERS);
    }

    /** The same values, marked as coming from a request that carried forwarding headers. */
    EffectiveRequest withForwardingHeaders() {
        return (bits & FORWARDING_HEADERS) != 0 ? this
                : new EffectiveRequest(host, clientAddress, bits | FORWARDING_HEADERS);
    }

    /**
     * Whether the request carried any forwarding header Portcullis reads ({@code Forwarded},
     * {@code X-Forwarded-For/Proto/Host/Port}), from any peer: the request passed downstream then
     * hides them.
     */
    boolean carriesForwardingHeaders() {
        return (bits & FORWARDING_HEADERS) != 0;
    }

    /**
     * Whether a trusted proxy's request carried both Forwarded and X-Forwarded-* (only the
     * configured family was read).
     */
    boolean mixedProxyHeaders() {
        return (bits & MIXED_PROXY_HEADERS) != 0;
    }

    @Override
    public boolean equals(Object o) {
        // as before the packing: scheme, host, port, client, secure, via trusted proxy, forwarded from untrusted peer
        int compared = HTTPS | PORT | SECURE | VIA_TRUSTED_PROXY | FORWARDED_FROM_UNTRUSTED_PEER;
        return o instanceof EffectiveRequest e && (bits & compared) == (e.bits & compared)
                && Objects.equals(host, e.host) && Objects.equals(clientAddress, e.clientAddress);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme(), host, port(), clientAddress, isSecure());
    }

    @Override
    public String toString() {
        return scheme() + "://" + (host == null ? "<invalid host>" : host) + ":" + port() + " client=" + clientAddress
                + (viaTrustedProxy() ? " via trusted proxy" : "")
                + (forwardedFromUntrustedPeer() ? " (ignored forwarded headers from untrusted peer)" : "");
    }
}
