package io.portcullis.upload;

/**
 * Another file format carried inside a metadata block (a JPEG comment or APPn segment): the
 * image stays a valid image while a second reader (a media player, {@code unzip}, a loader)
 * finds its own file in it. Each signature is checked with enough of its structure that chance
 * data in ordinary metadata (Exif, XMP, ICC profiles, Photoshop resources, thumbnails) does
 * not match: a zip local header with a known method and a printable name, {@code MZ} whose
 * {@code e_lfanew} points at {@code PE\0\0}, an ELF or Mach-O header with valid class and CPU
 * fields, at least {@link #MIN_FRAMES} consecutive MPEG audio frames that each end where the next
 * header starts, an ID3v2 header followed by a frame id, {@code %PDF-n.n}, a Java class header,
 * RAR, 7-Zip and OLE2 (compound file) signatures. HTML and script in the same blocks are
 * reported separately as active content.
 */
final class Hidden {

    /** MPEG audio frames in a row that make an MP3 stream (a lone sync word occurs by chance). */
    static final int MIN_FRAMES = 4;

    private static final int[][] BITRATES = {
        // MPEG-1 layer I, II, III
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448},
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384},
        {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
        // MPEG-2 and 2.5 layer I, then layers II and III
        {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256},
        {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160},
    };
    private static final int[][] RATES = {{11025, 12000, 8000}, null, {22050, 24000, 16000}, {44100, 48000, 32000}};

    private Hidden() {
    }

    /** The name of a format found in {@code b[from, to)}, or null. */
    static String format(byte[] b, int from, int to) {
        for (int i = from; i + 4 <= to; i++) {
            int c = b[i] & 0xff;
            String found = switch (c) {
                case 'P' -> zip(b, i, to);
                case 'M' -> pe(b, i, to);
                case 0x7F -> elf(b, i, to);
                case 0xFE, 0xCE, 0xCF -> machO(b, i, to);
                case 0xFF -> mpeg(b, i, to);
                case 'I' -> id3(b, i, to);
                case '%' -> Markup.matches(b, i, to, "%pdf-") && i + 7 < to && digit(b[i + 5]) && b[i + 6] == '.'
                        && digit(b[i + 7]) ? "a PDF document" : null;
                case 0xCA -> classFile(b, i, to);
                case 'R' -> bytes(b, i, to, 'R', 'a', 'r', '!', 0x1A, 0x07) ? "a RAR archive" : null;
                case '7' -> bytes(b, i, to, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C) ? "a 7-Zip archive" : null;
                case 0xD0 -> bytes(b, i, to, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1) ? "an OLE2 compound file" : null;
                default -> null;
            };
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String zip(byte[] b, int i, int to) {
        if (i + 30 > to || b[i + 1] != 'K' || b[i + 2] != 3 || b[i + 3] != 4) {
            return null;
        }
        int version = ZipInspector.le16(b, i + 4);
        int method = ZipInspector.le16(b, i + 8);
        int nameLength = ZipInspector.le16(b, i + 26);
        if (version > 63 || !(method == 0 || method == 8 || method == 9 || method == 12 || method == 14
                || method == 93 || method == 95 || method == 98) || nameLength < 1 || nameLength > 1024) {
            return null;
        }
        int name = i + 30;
        int end = Math.min(to, name + Math.min(nameLength, 64));
        if (end <= name) {
            return null;
        }
        for (int k = name; k < end; k++) {
            if (b[k] < 0x20 || b[k] == 0x7F) {
                return null;
            }
        }
        return "a zip archive";
    }

    private static String pe(byte[] b, int i, int to) {
        if (i + 0x40 > to || b[i + 1] != 'Z') {
            return null;
        }
        long lfanew = ZipInspector.le32u(b, i + 0x3C);
        if (lfanew < 0x40 || lfanew > 4096 || i + lfanew + 4 > to) {
            return null;
        }
        int p = (int) (i + lfanew);
        return b[p] == 'P' && b[p + 1] == 'E' && b[p + 2] == 0 && b[p + 3] == 0 ? "a Windows executable (PE)" : null;
    }

    private static String elf(byte[] b, int i, int to) {
        return i + 7 <= to && b[i + 1] == 'E' && b[i + 2] == 'L' && b[i + 3] == 'F' && (b[i + 4] == 1 || b[i + 4] == 2)
                && (b[i + 5] == 1 || b[i + 5] == 2) && b[i + 6] == 1 ? "an ELF executable" : null;
    }

    private static String machO(byte[] b, int i, int to) {
        if (i + 16 > to) {
            return null;
        }
        long magic = ZipInspector.le32u(b, i);
        boolean little = magic == 0xFEEDFACEL || magic == 0xFEEDFACFL;
        boolean big = magic == 0xCEFAEDFEL || magic == 0xCFFAEDFEL;
        if (!little && !big) {
            return null;
        }
        long cpu = little ? ZipInspector.le32u(b, i + 4) : be32(b, i + 4);
        long type = little ? ZipInspector.le32u(b, i + 12) : be32(b, i + 12);
        boolean knownCpu = cpu == 7 || cpu == 0x01000007L || cpu == 12 || cpu == 0x0100000CL || cpu == 18
                || cpu == 0x01000012L;
        return knownCpu && type >= 1 && type <= 12 ? "a Mach-O executable" : null;
    }

    private static String classFile(byte[] b, int i, int to) {
        if (i + 8 > to || (b[i + 1] & 0xff) != 0xFE || (b[i + 2] & 0xff) != 0xBA || (b[i + 3] & 0xff) != 0xBE) {
            return null;
        }
        int major = (b[i + 6] & 0xff) << 8 | (b[i + 7] & 0xff);
        return major >= 45 && major <= 80 ? "a Java class file" : null;
    }

    /** An ID3v2 tag header (the tag MP3 files start with) followed by a frame id. */
    private static String id3(byte[] b, int i, int to) {
        if (i + 14 > to || b[i + 1] != 'D' || b[i + 2] != '3') {
            return null;
        }
        int major = b[i + 3];
        if (major < 2 || major > 4 || (b[i + 4] & 0xff) == 0xFF || (b[i + 5] & 0x0F) != 0) {
            return null;
        }
        for (int k = 6; k < 10; k++) {
            if ((b[i + k] & 0x80) != 0) {
                return null;
            }
        }
        int idLength = major == 2 ? 3 : 4;
        for (int k = 10; k < 10 + idLength; k++) {
            byte c = b[i + k];
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return null;
            }
        }
        return "an MP3 (ID3 tag)";
    }

    /** At least {@link #MIN_FRAMES} MPEG audio frames, each header where the previous frame ends, alike. */
    private static String mpeg(byte[] b, int i, int to) {
        int first = header(b, i, to);
        if (first == 0) {
            return null;
        }
        int p = i;
        for (int n = 0; n < MIN_FRAMES; n++) {
            int h = header(b, p, to);
            // version, layer and sample rate stay the same from frame to frame
            if (h == 0 || (h & 0x001E0C00) != (first & 0x001E0C00)) {
                return null;
            }
            p += length(h);
        }
        return "MP3 audio frames";
    }

    /** The 32-bit MPEG audio frame header at {@code p} when it is valid and its frame fits, else 0. */
    private static int header(byte[] b, int p, int to) {
        if (p + 4 > to || (b[p] & 0xff) != 0xFF || (b[p + 1] & 0xE0) != 0xE0) {
            return 0;
        }
        int h = (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
        int version = h >>> 19 & 3;
        int layer = h >>> 17 & 3;
        int bitrate = h >>> 12 & 15;
        int rate = h >>> 10 & 3;
        if (version == 1 || layer == 0 || bitrate == 0 || bitrate == 15 || rate == 3 || (h & 3) == 2) {
            return 0;
        }
        int len = length(h);
        return len >= 24 && p + len <= to ? h : 0;
    }

    private static int length(int h) {
        int version = h >>> 19 & 3;
        int layer = 4 - (h >>> 17 & 3);
        int padding = h >>> 9 & 1;
        int table = version == 3 ? layer - 1 : layer == 1 ? 3 : 4;
        int kbps = BITRATES[table][h >>> 12 & 15];
        int rate = RATES[version][h >>> 10 & 3];
        if (layer == 1) {
            return (12 * kbps * 1000 / rate + padding) * 4;
        }
        int factor = layer == 3 && version != 3 ? 72 : 144;
        return factor * kbps * 1000 / rate + padding;
    }

    private static boolean bytes(byte[] b, int i, int to, int... sig) {
        if (i + sig.length > to) {
            return false;
        }
        for (int k = 0; k < sig.length; k++) {
            if ((b[i + k] & 0xff) != sig[k]) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(byte c) {
        return c >= '0' && c <= '9';
    }

    private static long be32(byte[] b, int i) {
        return ((b[i] & 0xffL) << 24) | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }
}
