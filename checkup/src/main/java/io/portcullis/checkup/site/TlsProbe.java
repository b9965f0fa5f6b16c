package io.portcullis.checkup.site;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Asks a server whether it would accept an old protocol or a weak cipher suite by sending one
 * hand-built TLS ClientHello (RFC 5246 §7.4.1.2, RFC 2246 for TLS 1.0) and reading only the first
 * record back: a ServerHello means "accepted", an alert or a closed connection means "refused".
 * No handshake is completed and no key is made.
 *
 * <p>Why not JSSE: the JDK refuses TLS 1.0/1.1 and these suites through
 * {@code jdk.tls.disabledAlgorithms}, which it reads once per JVM when TLS first initialises.
 * Measured on OpenJDK 17.0.15 against nginx with TLS 1.0 enabled: {@code Security.setProperty}
 * before any TLS use lets an {@code SSLSocket} negotiate TLSv1 (and makes the DES, export, NULL,
 * anon, RC4 and 3DES suites available again); the same call after the first handshake changes
 * nothing ("No appropriate protocol"). So a JSSE probe works only in a process that has not
 * used TLS yet, which is not true of a test JVM that already runs a TLS server, and it would
 * weaken every other TLS connection of the process. A ClientHello is a few hundred bytes of
 * well-specified structure and answers the question in any JVM, changing nothing global.
 */
final class TlsProbe {

    /** TLS protocol versions as they appear on the wire. */
    enum Version {
        TLS_1_0(0x0301, "TLSv1"), TLS_1_1(0x0302, "TLSv1.1"), TLS_1_2(0x0303, "TLSv1.2");

        final int wire;
        final String label;

        Version(int wire, String label) {
            this.wire = wire;
            this.label = label;
        }
    }

    /** Suites a TLS 1.0/1.1 server would typically choose from (RSA and ECDSA certificates). */
    static final Map<Integer, String> LEGACY_OFFER = suites(
            0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
            0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA",
            0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", 0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA",
            0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA");

    /**
     * Weak suites: no encryption (NULL), no authentication (anon), export grade, single DES, RC4
     * (RFC 7465 forbids it) and 3DES (64-bit block, SWEET32).
     */
    static final Map<Integer, String> WEAK = suites(
            0x0001, "TLS_RSA_WITH_NULL_MD5", 0x0002, "TLS_RSA_WITH_NULL_SHA", 0x003b, "TLS_RSA_WITH_NULL_SHA256",
            0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", 0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA",
            0x0018, "TLS_DH_anon_WITH_RC4_128_MD5", 0x001b, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA",
            0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", 0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA",
            0x006c, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", 0x00a6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
            0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", 0xc019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",
            0xc016, "TLS_ECDH_anon_WITH_RC4_128_SHA", 0xc017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA",
            0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", 0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5",
            0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", 0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA",
            0x0009, "TLS_RSA_WITH_DES_CBC_SHA", 0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA",
            0x0004, "TLS_RSA_WITH_RC4_128_MD5", 0x0005, "TLS_RSA_WITH_RC4_128_SHA",
            0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA", 0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA",
            0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", 0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA",
            0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", 0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA");

    /**
     * Every TLS 1.3 cipher suite (RFC 8446 §B.4); JSSE knows only the first three, so the CCM
     * ones are seen only through a hand-built hello.
     */
    static final Map<Integer, String> TLS13 = suites(
            0x1301, "TLS_AES_128_GCM_SHA256", 0x1302, "TLS_AES_256_GCM_SHA384",
            0x1303, "TLS_CHACHA20_POLY1305_SHA256", 0x1304, "TLS_AES_128_CCM_SHA256",
            0x1305, "TLS_AES_128_CCM_8_SHA256");

    /** What the server chose, when it accepted, and the extension types its ServerHello carried. */
    record Accepted(Version version, int suite, String suiteName, java.util.Set<Integer> extensions) {
        Accepted(Version version, int suite, String suiteName) {
            this(version, suite, suiteName, java.util.Set.of());
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private TlsProbe() {
    }

    /**
     * Offers {@code suites} at {@code version}; returns what the server chose, or empty when it
     * refused (alert, closed connection or a lower version than offered).
     *
     * @throws IOException when the server cannot be reached at all
     */
    static Optional<Accepted> offer(String host, int port, Version version, Map<Integer, String> suites)
            throws IOException {
        return offer(host, port, version, suites, false);
    }

    /** As {@link #offer(String, int, Version, Map)}, optionally asking for a stapled OCSP answer (status_request). */
    static Optional<Accepted> offer(String host, int port, Version version, Map<Integer, String> suites,
                                    boolean statusRequest) throws IOException {
        byte[] hello = clientHello(host, version, suites, statusRequest);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Http.TIMEOUT.toMillis());
            s.setSoTimeout((int) Http.TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(hello);
            out.flush();
            return readServerHello(s.getInputStream(), version, suites);
        }
    }

    /**
     * Reads the server's first record: a ServerHello at {@code version} gives what it chose; an
     * alert, another record, a lower version, a truncated or malformed hello, or a closed
     * connection give empty. Reads at most one record (5 + 2^14 bytes), whatever the server sends.
     *
     * @throws IOException when reading fails other than by the connection ending
     */
    static Optional<Accepted> readServerHello(InputStream stream, Version version, Map<Integer, String> suites)
            throws IOException {
        byte[] body = serverHelloRecord(stream);
        if (body == null) {
            return Optional.empty();
        }
        int serverVersion = u16(body, 4);
        int sidLength = body[38] & 0xff;
        if (serverVersion != version.wire || 39 + sidLength + 3 > body.length) {
            return Optional.empty(); // the session id would run past the record: not a ServerHello
        }
        int suite = u16(body, 39 + sidLength);
        java.util.Set<Integer> extensions = new java.util.HashSet<>();
        int at = 39 + sidLength + 3;
        if (at + 2 <= body.length) {
            int end = Math.min(body.length, at + 2 + u16(body, at));
            at += 2;
            while (at + 4 <= end) {
                extensions.add(u16(body, at));
                at += 4 + u16(body, at + 2);
            }
        }
        return Optional.of(new Accepted(version, suite,
                suites.getOrDefault(suite, String.format("0x%04x", suite)), java.util.Set.copyOf(extensions)));
    }

    /**
     * Offers {@code suites} with TLS 1.3 only (RFC 8446 §4.1.2: {@code supported_versions} 1.3 and
     * an X25519 {@code key_share} of random bytes, which is a valid public value); returns the
     * suite the server chose in its ServerHello, or in a HelloRetryRequest (which has the same
     * form and names the suite too), or empty when it refused or answered with TLS 1.2 or lower.
     *
     * @throws IOException when the server cannot be reached at all
     */
    static Optional<Integer> offerTls13(String host, int port, java.util.Collection<Integer> suites) throws IOException {
        byte[] hello = clientHello13(host, suites);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) Http.TIMEOUT.toMillis());
            s.setSoTimeout((int) Http.TIMEOUT.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(hello);
            out.flush();
            return readTls13ServerHello(s.getInputStream());
        }
    }

    /**
     * Reads the server's first record for {@link #offerTls13}: the suite of a ServerHello whose
     * supported_versions says TLS 1.3, else empty. Reads at most one record (5 + 2^14 bytes).
     */
    static Optional<Integer> readTls13ServerHello(InputStream stream) throws IOException {
        byte[] body = serverHelloRecord(stream);
        if (body == null) {
            return Optional.empty();
        }
        int sidLength = body[38] & 0xff;
        int at = 39 + sidLength + 3;
        if (at + 2 > body.length) {
            return Optional.empty(); // also a session id running past the record
        }
        int suite = u16(body, 39 + sidLength);
        int end = Math.min(body.length, at + 2 + u16(body, at));
        at += 2;
        while (at + 4 <= end) {
            int extension = u16(body, at);
            int size = u16(body, at + 2);
            if (extension == 0x002b && size == 2 && at + 6 <= end && u16(body, at + 4) == 0x0304) {
                return Optional.of(suite);
            }
            at += 4 + size;
        }
        return Optional.empty(); // no supported_versions: the server spoke TLS 1.2 or lower
    }

    /**
     * The body of the server's first record when it is a handshake record starting a ServerHello,
     * else null (an alert, another record, a truncated record, a closed connection). Reads at most
     * one record (5 + 2^14 bytes), whatever the server sends.
     *
     * @throws IOException when reading fails other than by the connection ending
     */
    private static byte[] serverHelloRecord(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        try {
            int type = in.readUnsignedByte();
            in.readUnsignedShort();
            int length = in.readUnsignedShort();
            if (type != 0x16 || length < 40 || length > 1 << 14) {
                return null;
            }
            byte[] body = new byte[length];
            in.readFully(body);
            return body[0] == 0x02 ? body : null;
        } catch (EOFException | java.net.SocketException e) {
            return null;
        }
    }

    static byte[] clientHello13(String host, java.util.Collection<Integer> suites) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (!Http.isIpLiteral(host)) {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            u16(ext, 0x0000);
            u16(ext, name.length + 5);
            u16(ext, name.length + 3);
            ext.write(0);
            u16(ext, name.length);
            ext.writeBytes(name);
        }
        int[] groups = {0x001d, 0x0017, 0x0018};
        u16(ext, 0x000a);
        u16(ext, groups.length * 2 + 2);
        u16(ext, groups.length * 2);
        for (int g : groups) {
            u16(ext, g);
        }
        int[] sigs = {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0807, 0x0808};
        u16(ext, 0x000d);
        u16(ext, sigs.length * 2 + 2);
        u16(ext, sigs.length * 2);
        for (int sig : sigs) {
            u16(ext, sig);
        }
        u16(ext, 0x002b); // supported_versions: TLS 1.3 only
        u16(ext, 3);
        ext.write(2);
        u16(ext, 0x0304);
        u16(ext, 0x002d); // psk_key_exchange_modes: psk_dhe_ke (some servers want it present)
        u16(ext, 2);
        ext.write(1);
        ext.write(1);
        byte[] share = new byte[32];
        RANDOM.nextBytes(share);
        u16(ext, 0x0033); // key_share: one X25519 share
        u16(ext, 2 + 4 + share.length);
        u16(ext, 4 + share.length);
        u16(ext, 0x001d);
        u16(ext, share.length);
        ext.writeBytes(share);

        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        u16(hs, 0x0303);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        hs.writeBytes(random);
        byte[] session = new byte[32]; // legacy_session_id, as real clients send (middlebox compatibility)
        RANDOM.nextBytes(session);
        hs.write(session.length);
        hs.writeBytes(session);
        u16(hs, suites.size() * 2);
        suites.forEach(cs -> u16(hs, cs));
        hs.write(1);
        hs.write(0);
        u16(hs, ext.size());
        hs.writeBytes(ext.toByteArray());

        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.write(0x16);
        u16(rec, 0x0301);
        u16(rec, hs.size() + 4);
        rec.write(0x01);
        rec.write(hs.size() >>> 16);
        u16(rec, hs.size() & 0xffff);
        rec.writeBytes(hs.toByteArray());
        return rec.toByteArray();
    }

    static byte[] clientHello(String host, Version version, Map<Integer, String> suites) {
        return clientHello(host, version, suites, false);
    }

    static byte[] clientHello(String host, Version version, Map<Integer, String> suites, boolean statusRequest) {
        ByteArrayOutputStream ext = new ByteArrayOutputStream();
        if (!Http.isIpLiteral(host)) {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);
            u16(ext, 0x0000);
            u16(ext, name.length + 5);
            u16(ext, name.length + 3);
            ext.write(0);
            u16(ext, name.length);
            ext.writeBytes(name);
        }
        int[] groups = {0x001d, 0x0017, 0x0018, 0x0019};
        u16(ext, 0x000a);
        u16(ext, groups.length * 2 + 2);
        u16(ext, groups.length * 2);
        for (int g : groups) {
            u16(ext, g);
        }
        u16(ext, 0x000b);
        u16(ext, 2);
        ext.write(1);
        ext.write(0);
        if (version == Version.TLS_1_2) {
            int[] sigs = {0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0203, 0x0201};
            u16(ext, 0x000d);
            u16(ext, sigs.length * 2 + 2);
            u16(ext, sigs.length * 2);
            for (int sig : sigs) {
                u16(ext, sig);
            }
        }
        u16(ext, 0xff01);
        u16(ext, 1);
        ext.write(0);
        if (statusRequest) {
            u16(ext, 0x0005);
            u16(ext, 5);
            ext.write(1);
            u16(ext, 0);
            u16(ext, 0);
        }

        ByteArrayOutputStream hs = new ByteArrayOutputStream();
        u16(hs, version.wire);
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        hs.writeBytes(random);
        hs.write(0);
        u16(hs, suites.size() * 2);
        suites.keySet().forEach(cs -> u16(hs, cs));
        hs.write(1);
        hs.write(0);
        u16(hs, ext.size());
        hs.writeBytes(ext.toByteArray());

        ByteArrayOutputStream rec = new ByteArrayOutputStream();
        rec.write(0x16);
        u16(rec, 0x0301);
        u16(rec, hs.size() + 4);
        rec.write(0x01);
        rec.write(hs.size() >>> 16);
        u16(rec, hs.size() & 0xffff);
        rec.writeBytes(hs.toByteArray());
        return rec.toByteArray();
    }

    private static Map<Integer, String> suites(Object... pairs) {
        Map<Integer, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Integer) pairs[i], (String) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xff);
        out.write(v & 0xff);
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
