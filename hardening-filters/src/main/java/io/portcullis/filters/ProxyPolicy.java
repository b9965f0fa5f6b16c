package io.portcullis.filters;

import io.portcullis.core.ConfigException;
import io.portcullis.core.ConfigReader;
import io.portcullis.filters.HardeningPolicy.ProxyHeaders;
import java.util.ArrayList;
import java.util.List;

/**
 * Which peers are trusted proxies ({@code portcullis.proxy.trusted}) and which forwarding header
 * family they use ({@code portcullis.proxy.headers}, default {@code x-forwarded}; {@code container}
 * when the container applies them and Portcullis reads none). Exactly one
 * family is ever read, chosen here and never by the request: {@code auto} (the family the request
 * happens to carry) is refused once a proxy is trusted, because a proxy overwrites only the
 * family it sends and passes the other one through from the client.
 *
 * @param trusted CIDRs of trusted proxies (default none)
 * @param headers the forwarding header family read from them
 */
record ProxyPolicy(List<String> trusted, ProxyHeaders headers) {

    static final ProxyPolicy DEFAULTS = new ProxyPolicy(HardeningKeys.PROXY_TRUSTED.defaultValue(),
            HardeningKeys.PROXY_HEADERS.defaultValue());

    ProxyPolicy {
        trusted = List.copyOf(HardeningKeys.PROXY_TRUSTED.check(trusted));
        HardeningKeys.PROXY_HEADERS.check(headers);
        if (headers == ProxyHeaders.AUTO && !trusted.isEmpty()) {
            throw new ConfigException("portcullis.proxy.headers=auto lets each request choose between Forwarded and "
                    + "X-Forwarded-*, so a client could send the family its proxy does not overwrite; with "
                    + "portcullis.proxy.trusted set, name the family the proxy sends: x-forwarded or forwarded");
        }
        if (headers == ProxyHeaders.CONTAINER && !trusted.isEmpty()) {
            throw new ConfigException("portcullis.proxy.headers=container means the container applies the forwarding "
                    + "headers (Tomcat RemoteIpValve, Jetty ForwardedRequestCustomizer, Spring Boot "
                    + "server.forward-headers-strategy=native) and trusts the proxy itself, so portcullis.proxy.trusted "
                    + "must be empty; got portcullis.proxy.trusted=\"" + String.join(",", trusted) + "\"");
        }
    }

    static ProxyPolicy read(ConfigReader r) {
        return new ProxyPolicy(r.get(HardeningKeys.PROXY_TRUSTED), r.get(HardeningKeys.PROXY_HEADERS));
    }

    /** The parsed CIDRs; fails with the key's message on the first bad entry. */
    static List<Cidr> cidrs(List<String> trusted) {
        List<Cidr> out = new ArrayList<>();
        for (String c : trusted) {
            try {
                out.add(Cidr.parse(c));
            } catch (IllegalArgumentException e) {
                throw Policies.fail("portcullis.proxy.trusted", "entries must be IPv4 or IPv6 CIDRs such as 10.0.0.0/8 or ::1/128 ("
                        + e.getMessage() + ")", c);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "proxy: trusted=" + trusted + " headers=" + headers.token();
    }
}
