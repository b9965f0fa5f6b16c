package io.portcullis.filters;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}); a bare
 * address means a single host. Parsing never resolves names: only literals are accepted.
 */
final class Cidr {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses {@code address[/prefix]}.
     *
     * @throws IllegalArgumentException with a short reason when the text is not a literal CIDR
     */
    static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        byte[] bytes = literal(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IPv4 or IPv6 address literal");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            String p = t.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}") || Integer.parseInt(p) > max) {
                throw new IllegalArgumentException("prefix length must be an integer in [0, " + max + "]");
            }
            prefix = Integer.parseInt(p);
        }
        byte[] net = mask(bytes, prefix);
        if (!Arrays.equals(net, bytes)) {
            throw new IllegalArgumentException("host bits are set; the network is " + format(net) + "/" + prefix);
        }
        return new Cidr(net, prefix, t);
    }

    /** Whether {@code address} (a literal) lies in this network; false for anything unparsable. */
    boolean contains(String address) {
        byte[] bytes = literal(address);
        return bytes != null && contains(bytes);
    }

    /** Whether this is {@code 0.0.0.0/0} or {@code ::/0}: every address of its family. */
    boolean coversEverything() {
        return prefix == 0;
    }

    boolean contains(byte[] bytes) {
        byte[] b = bytes;
        if (b.length == 16 && network.length == 4 && isV4Mapped(b)) {
            b = Arrays.copyOfRange(b, 12, 16);
        }
        return b.length == network.length && Arrays.equals(mask(b, prefix), network);
    }

    /**
     * The bytes of an IP literal, or null. Accepts IPv4 dotted quads and IPv6 (optionally in
     * brackets, optionally with a zone id); rejects host names without resolving them.
     */
    static byte[] literal(String address) {
        if (address == null) {
            return null;
        }
        String a = address.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        if (zone >= 0) {
            a = a.substring(0, zone);
        }
        if (IPV4.matcher(a).matches()) {
            for (String part : a.split("\\.")) {
                if (Integer.parseInt(part) > 255 || (part.length() > 1 && part.startsWith("0"))) {
                    return null;
                }
            }
        } else if (!(a.contains(":") && IPV6.matcher(a).matches())) {
            return null;
        }
        try {
            return InetAddress.getByName(a).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }

    private static String format(byte[] b) {
        try {
            return InetAddress.getByAddress(b).getHostAddress();
        } catch (UnknownHostException e) {
            return Arrays.toString(b);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
