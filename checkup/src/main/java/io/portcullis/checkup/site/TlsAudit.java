package io.portcullis.checkup.site;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;

/** The TLS findings: protocol versions, cipher suites, certificate key and chain, renegotiation, stapling. */
final class TlsAudit {

    private TlsAudit() {
    }

    static List<Finding> run(String host, int port, Certificates.Result cert, SSLContext verifying) {
        List<Finding> out = new ArrayList<>();
        try {
            List<TlsProbe.Accepted> legacy = new ArrayList<>();
            List<String> refused = new ArrayList<>();
            for (TlsProbe.Version v : List.of(TlsProbe.Version.TLS_1_0, TlsProbe.Version.TLS_1_1)) {
                TlsProbe.offer(host, port, v, TlsProbe.LEGACY_OFFER).ifPresentOrElse(legacy::add,
                        () -> refused.add(v.label));
            }
            out.add(Checks.legacyProtocols(legacy, refused));
        } catch (IOException e) {
            out.add(Finding.warn("transport.tls-versions", "could not check: " + SiteAudit.describe(e), null));
        }
        try {
            out.add(Checks.weakCiphers(TlsProbe.offer(host, port, TlsProbe.Version.TLS_1_2, TlsProbe.WEAK)));
        } catch (IOException e) {
            out.add(Finding.warn("transport.tls-ciphers", "could not check: " + SiteAudit.describe(e), null));
        }
        return out;
    }
}
