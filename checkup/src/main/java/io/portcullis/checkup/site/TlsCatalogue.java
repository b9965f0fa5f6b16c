package io.portcullis.checkup.site;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every cipher suite family a TLS 1.0–1.2 server can enable (IANA TLS Cipher Suites registry):
 * RSA, DHE (RSA and DSS), ECDHE (RSA and ECDSA) and static ECDH key exchange; anonymous DH and
 * ECDH; AES (CBC, GCM, CCM, CCM_8), CAMELLIA (CBC, GCM), ARIA (CBC, GCM), SEED, IDEA, CHACHA20,
 * 3DES, DES, RC4, RC2 and NULL; export grades. PSK, SRP, GOST and Kerberos suites are left out:
 * a server picks them only for clients that hold such credentials.
 */
final class TlsCatalogue {

    static final Map<Integer, String> ALL;

    static {
        Map<Integer, String> m = new LinkedHashMap<>();
        Object[] pairs = {
            // ECDHE, AEAD first so a permissive server shows its best choice first
            0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", 0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM",
            0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", 0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8",
            0xc086, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_GCM_SHA256", 0xc087, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_GCM_SHA384",
            0xc08a, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", 0xc08b, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_GCM_SHA384",
            0xc05c, "TLS_ECDHE_ECDSA_WITH_ARIA_128_GCM_SHA256", 0xc05d, "TLS_ECDHE_ECDSA_WITH_ARIA_256_GCM_SHA384",
            0xc060, "TLS_ECDHE_RSA_WITH_ARIA_128_GCM_SHA256", 0xc061, "TLS_ECDHE_RSA_WITH_ARIA_256_GCM_SHA384",
            0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", 0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", 0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
            0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
            0xc072, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_128_CBC_SHA256", 0xc073, "TLS_ECDHE_ECDSA_WITH_CAMELLIA_256_CBC_SHA384",
            0xc076, "TLS_ECDHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", 0xc077, "TLS_ECDHE_RSA_WITH_CAMELLIA_256_CBC_SHA384",
            0xc048, "TLS_ECDHE_ECDSA_WITH_ARIA_128_CBC_SHA256", 0xc049, "TLS_ECDHE_ECDSA_WITH_ARIA_256_CBC_SHA384",
            0xc04c, "TLS_ECDHE_RSA_WITH_ARIA_128_CBC_SHA256", 0xc04d, "TLS_ECDHE_RSA_WITH_ARIA_256_CBC_SHA384",
            0xc008, "TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", 0xc012, "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
            0xc007, "TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", 0xc011, "TLS_ECDHE_RSA_WITH_RC4_128_SHA",
            0xc006, "TLS_ECDHE_ECDSA_WITH_NULL_SHA", 0xc010, "TLS_ECDHE_RSA_WITH_NULL_SHA",
            // DHE
            0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", 0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
            0x00a2, "TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", 0x00a3, "TLS_DHE_DSS_WITH_AES_256_GCM_SHA384",
            0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            0xc09e, "TLS_DHE_RSA_WITH_AES_128_CCM", 0xc09f, "TLS_DHE_RSA_WITH_AES_256_CCM",
            0xc0a2, "TLS_DHE_RSA_WITH_AES_128_CCM_8", 0xc0a3, "TLS_DHE_RSA_WITH_AES_256_CCM_8",
            0xc07c, "TLS_DHE_RSA_WITH_CAMELLIA_128_GCM_SHA256", 0xc07d, "TLS_DHE_RSA_WITH_CAMELLIA_256_GCM_SHA384",
            0xc052, "TLS_DHE_RSA_WITH_ARIA_128_GCM_SHA256", 0xc053, "TLS_DHE_RSA_WITH_ARIA_256_GCM_SHA384",
            0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", 0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
            0x0040, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", 0x006a, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA256",
            0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", 0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
            0x0032, "TLS_DHE_DSS_WITH_AES_128_CBC_SHA", 0x0038, "TLS_DHE_DSS_WITH_AES_256_CBC_SHA",
            0x0045, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA", 0x0088, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA",
            0x0044, "TLS_DHE_DSS_WITH_CAMELLIA_128_CBC_SHA", 0x0087, "TLS_DHE_DSS_WITH_CAMELLIA_256_CBC_SHA",
            0x00be, "TLS_DHE_RSA_WITH_CAMELLIA_128_CBC_SHA256", 0x00c4, "TLS_DHE_RSA_WITH_CAMELLIA_256_CBC_SHA256",
            0xc044, "TLS_DHE_RSA_WITH_ARIA_128_CBC_SHA256", 0xc045, "TLS_DHE_RSA_WITH_ARIA_256_CBC_SHA384",
            0x009a, "TLS_DHE_RSA_WITH_SEED_CBC_SHA", 0x0099, "TLS_DHE_DSS_WITH_SEED_CBC_SHA",
            0x0016, "TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", 0x0013, "TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA",
            0x0015, "TLS_DHE_RSA_WITH_DES_CBC_SHA", 0x0012, "TLS_DHE_DSS_WITH_DES_CBC_SHA",
            0x0014, "TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", 0x0011, "TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA",
            // RSA key exchange (no forward secrecy)
            0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384",
            0xc09c, "TLS_RSA_WITH_AES_128_CCM", 0xc09d, "TLS_RSA_WITH_AES_256_CCM",
            0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8", 0xc0a1, "TLS_RSA_WITH_AES_256_CCM_8",
            0xc07a, "TLS_RSA_WITH_CAMELLIA_128_GCM_SHA256", 0xc07b, "TLS_RSA_WITH_CAMELLIA_256_GCM_SHA384",
            0xc050, "TLS_RSA_WITH_ARIA_128_GCM_SHA256", 0xc051, "TLS_RSA_WITH_ARIA_256_GCM_SHA384",
            0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256",
            0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA",
            0x0041, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA", 0x0084, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA",
            0x00ba, "TLS_RSA_WITH_CAMELLIA_128_CBC_SHA256", 0x00c0, "TLS_RSA_WITH_CAMELLIA_256_CBC_SHA256",
            0xc03c, "TLS_RSA_WITH_ARIA_128_CBC_SHA256", 0xc03d, "TLS_RSA_WITH_ARIA_256_CBC_SHA384",
            0x0096, "TLS_RSA_WITH_SEED_CBC_SHA", 0x0007, "TLS_RSA_WITH_IDEA_CBC_SHA",
            0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA", 0x0009, "TLS_RSA_WITH_DES_CBC_SHA",
            0x0004, "TLS_RSA_WITH_RC4_128_MD5", 0x0005, "TLS_RSA_WITH_RC4_128_SHA",
            0x0003, "TLS_RSA_EXPORT_WITH_RC4_40_MD5", 0x0006, "TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5",
            0x0008, "TLS_RSA_EXPORT_WITH_DES40_CBC_SHA",
            0x0001, "TLS_RSA_WITH_NULL_MD5", 0x0002, "TLS_RSA_WITH_NULL_SHA", 0x003b, "TLS_RSA_WITH_NULL_SHA256",
            // static ECDH (no forward secrecy)
            0xc02d, "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", 0xc031, "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256",
            0xc004, "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", 0xc005, "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA",
            0xc00e, "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", 0xc00f, "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA",
            // anonymous (no authentication)
            0x00a6, "TLS_DH_anon_WITH_AES_128_GCM_SHA256", 0x00a7, "TLS_DH_anon_WITH_AES_256_GCM_SHA384",
            0x006c, "TLS_DH_anon_WITH_AES_128_CBC_SHA256", 0x006d, "TLS_DH_anon_WITH_AES_256_CBC_SHA256",
            0x0034, "TLS_DH_anon_WITH_AES_128_CBC_SHA", 0x003a, "TLS_DH_anon_WITH_AES_256_CBC_SHA",
            0x0046, "TLS_DH_anon_WITH_CAMELLIA_128_CBC_SHA", 0x0089, "TLS_DH_anon_WITH_CAMELLIA_256_CBC_SHA",
            0x009b, "TLS_DH_anon_WITH_SEED_CBC_SHA", 0x001b, "TLS_DH_anon_WITH_3DES_EDE_CBC_SHA",
            0x0018, "TLS_DH_anon_WITH_RC4_128_MD5",
            0xc018, "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", 0xc019, "TLS_ECDH_anon_WITH_AES_256_CBC_SHA",
            0xc017, "TLS_ECDH_anon_WITH_3DES_EDE_CBC_SHA", 0xc016, "TLS_ECDH_anon_WITH_RC4_128_SHA",
            0xc015, "TLS_ECDH_anon_WITH_NULL_SHA",
        };
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((Integer) pairs[i], (String) pairs[i + 1]);
        }
        ALL = Collections.unmodifiableMap(m);
    }

    private TlsCatalogue() {
    }

    /** No encryption, no authentication, export grade, DES, RC4, RC2, or a 64-bit block (3DES, IDEA: SWEET32). */
    static boolean weak(String suite) {
        return suite.contains("_NULL_") || suite.contains("_anon_") || suite.contains("EXPORT")
                || suite.contains("_DES_") || suite.contains("DES40") || suite.contains("RC4") || suite.contains("RC2")
                || suite.contains("3DES") || suite.contains("IDEA");
    }

    /** Ephemeral key exchange: a stolen key does not decrypt recorded traffic. */
    static boolean forwardSecret(String suite) {
        return suite.startsWith("TLS_DHE_") || suite.startsWith("TLS_ECDHE_");
    }

    /** GCM, CCM or ChaCha20-Poly1305: authenticated encryption, no CBC padding oracle. */
    static boolean aead(String suite) {
        return suite.contains("_GCM_") || suite.contains("_CCM") || suite.contains("CHACHA20");
    }

    /** The family a suite belongs to, for messages: its cipher ({@code CAMELLIA_128_CBC}, ...). */
    static String cipher(String suite) {
        int with = suite.indexOf("_WITH_");
        return with < 0 ? suite : suite.substring(with + 6);
    }
}
