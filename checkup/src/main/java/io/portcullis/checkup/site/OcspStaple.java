package io.portcullis.checkup.site;

import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stapled OCSP response (RFC 6960 §4.2.1), read just far enough to say what it tells a browser
 * about the certificate it was stapled to: the response status, and for each single response the
 * certificate serial, good / revoked / unknown, and thisUpdate / nextUpdate. The responder's
 * signature is not verified: a site owner needs to know that the staple is stale, revoked or for
 * another certificate; whether a forged staple would be believed is the browser's check.
 *
 * <p>A strict DER reader of the few types involved (definite lengths only, as DER requires);
 * anything else makes {@link #parse} return empty.
 *
 * @param responseStatus {@code OCSPResponseStatus}: 0 successful, 1 malformedRequest, 2 internalError,
 *                       3 tryLater, 5 sigRequired, 6 unauthorized
 * @param answers        the single responses (empty unless successful)
 */
record OcspStaple(int responseStatus, List<Single> answers) {

    /** The certificate status values of RFC 6960 §4.2.1. */
    enum CertStatus { GOOD, REVOKED, UNKNOWN }

    /** One {@code SingleResponse}; {@code nextUpdate} and {@code revokedAt} may be null. */
    record Single(BigInteger serial, CertStatus status, Instant revokedAt, Instant thisUpdate, Instant nextUpdate) {
    }

    private static final String BASIC = "1.3.6.1.5.5.7.48.1.1";
    private static final DateTimeFormatter GENERALIZED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    OcspStaple {
        answers = List.copyOf(answers);
    }

    /** The answer about the certificate with this serial number, if the response has one. */
    Optional<Single> about(BigInteger serial) {
        return answers.stream().filter(a -> a.serial().equals(serial)).findFirst();
    }

    /** The OCSPResponseStatus name for {@link #responseStatus}. */
    String statusName() {
        return switch (responseStatus) {
            case 0 -> "successful";
            case 1 -> "malformedRequest";
            case 2 -> "internalError";
            case 3 -> "tryLater";
            case 5 -> "sigRequired";
            case 6 -> "unauthorized";
            default -> "status " + responseStatus;
        };
    }

    /** Reads a DER {@code OCSPResponse}; empty when it is not one (or uses a form this reader refuses). */
    static Optional<OcspStaple> parse(byte[] der) {
        try {
            Der top = new Der(der, 0, der.length);
            Der response = top.next(0x30).inside();
            if (top.more()) {
                return Optional.empty();
            }
            int status = response.next(0x0a).intValue();
            if (status != 0) {
                return Optional.of(new OcspStaple(status, List.of()));
            }
            Der bytes = response.next(0xa0).inside().next(0x30).inside();
            if (!BASIC.equals(bytes.next(0x06).oid())) {
                return Optional.empty();
            }
            Der basic = bytes.next(0x04).inside().next(0x30).inside();
            Der data = basic.next(0x30).inside();
            if (data.peek() == 0xa0) {
                data.next(0xa0);
            }
            int responder = data.peek();
            if (responder != 0xa1 && responder != 0xa2) {
                return Optional.empty();
            }
            data.next(responder);
            data.next(0x18);
            Der responses = data.next(0x30).inside();
            List<Single> out = new ArrayList<>();
            while (responses.more()) {
                out.add(single(responses.next(0x30).inside()));
            }
            return Optional.of(new OcspStaple(0, out));
        } catch (IllegalArgumentException | IndexOutOfBoundsException | java.time.DateTimeException
                 | ArithmeticException e) {
            return Optional.empty();
        }
    }

    private static Single single(Der s) {
        Der certId = s.next(0x30).inside();
        certId.next(0x30);
        certId.next(0x04);
        certId.next(0x04);
        BigInteger serial = certId.next(0x02).integer();
        int tag = s.peek();
        CertStatus status;
        Instant revokedAt = null;
        if (tag == 0x80) {
            s.next(0x80);
            status = CertStatus.GOOD;
        } else if (tag == 0xa1) {
            status = CertStatus.REVOKED;
            revokedAt = s.next(0xa1).inside().next(0x18).time();
        } else if (tag == 0x82) {
            s.next(0x82);
            status = CertStatus.UNKNOWN;
        } else {
            throw new IllegalArgumentException("certStatus tag " + tag);
        }
        Instant thisUpdate = s.next(0x18).time();
        Instant nextUpdate = s.more() && s.peek() == 0xa0 ? s.next(0xa0).inside().next(0x18).time() : null;
        return new Single(serial, status, revokedAt, thisUpdate, nextUpdate);
    }

    /** A cursor over a run of DER TLVs in {@code b[from, to)}. */
    private static final class Der {
        private final byte[] b;
        private int at;
        private final int end;
        private int valueFrom;
        private int valueTo;

        Der(byte[] b, int from, int to) {
            this.b = b;
            this.at = from;
            this.end = to;
        }

        boolean more() {
            return at < end;
        }

        int peek() {
            if (at >= end) {
                throw new IllegalArgumentException("truncated");
            }
            return b[at] & 0xff;
        }

        /** Steps over the next TLV, which must carry {@code tag}; its value becomes current. */
        Der next(int tag) {
            if (peek() != tag) {
                throw new IllegalArgumentException("expected tag " + tag + ", got " + peek());
            }
            int p = at + 1;
            int len = b[p++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3) {
                    throw new IllegalArgumentException("length form");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (b[p++] & 0xff);
                }
            }
            if (len < 0 || p + len > end) {
                throw new IllegalArgumentException("length " + len);
            }
            valueFrom = p;
            valueTo = p + len;
            at = valueTo;
            return this;
        }

        Der inside() {
            return new Der(b, valueFrom, valueTo);
        }

        int intValue() {
            return integer().intValueExact();
        }

        BigInteger integer() {
            if (valueTo == valueFrom) {
                throw new IllegalArgumentException("empty integer");
            }
            byte[] v = new byte[valueTo - valueFrom];
            System.arraycopy(b, valueFrom, v, 0, v.length);
            return new BigInteger(v);
        }

        String oid() {
            StringBuilder out = new StringBuilder();
            long v = 0;
            boolean first = true;
            for (int i = valueFrom; i < valueTo; i++) {
                v = (v << 7) | (b[i] & 0x7f);
                if ((b[i] & 0x80) == 0) {
                    if (first) {
                        out.append(v < 80 ? v / 40 : 2).append('.').append(v < 80 ? v % 40 : v - 80);
                        first = false;
                    } else {
                        out.append('.').append(v);
                    }
                    v = 0;
                }
            }
            return out.toString();
        }

        Instant time() {
            String s = new String(b, valueFrom, valueTo - valueFrom, java.nio.charset.StandardCharsets.US_ASCII);
            if (s.length() < 15 || !s.endsWith("Z")) {
                throw new IllegalArgumentException("GeneralizedTime " + s);
            }
            return LocalDateTime.parse(s.substring(0, 14), GENERALIZED).toInstant(ZoneOffset.UTC);
        }
    }
}
