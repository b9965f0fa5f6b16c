package io.portcullis.upload;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads an OLE2 compound file ([MS-CFB]) with caps and classifies it by the streams of its
 * <em>root</em> storage (Word 97, Excel, PowerPoint, Outlook message, encrypted OOXML), so an
 * embedded document never decides the container's type. Finds VBA macro storages anywhere, and
 * reads the main stream of each binary Office format for what only it declares: Excel
 * BoundSheet8 records of the macro-sheet or VBA-module type (Excel 4.0 XLM macros) and
 * {@code FILEPASS}; Word's FIB {@code fEncrypted}/{@code fObfuscated}; PowerPoint's VBAInfo
 * atom with the has-macros flag, {@code CryptSession10Container} and embedded
 * {@code ExOleObjStg} objects. Embedded OLE objects (Word {@code ObjectPool}, Excel
 * {@code MBD*} storages, {@code Ole10Native}) are reported as embedded objects. Needs no POI.
 */
final class Ole2Inspector {

    static final byte[] MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
    private static final int END = -2;
    private static final int FREE = -1;
    private static final int STORAGE = 1;
    private static final int STREAM = 2;
    /** The largest main stream read into memory (the file itself is already under max-file-size). */
    private static final int MAX_STREAM = 64 << 20;

    /** One directory entry. */
    record Node(String name, int type, int left, int right, int child, int start, long size) {
    }

    private Ole2Inspector() {
    }

    static boolean isOle2(byte[] head) {
        if (head.length < 512) {
            return false;
        }
        for (int i = 0; i < 8; i++) {
            if (head[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Returns the detected type, or null when the structure could not be read (finding added). */
    static String inspect(FileChannel ch, long size, UploadPolicy policy, Budget budget, Findings f) throws IOException {
        try {
            Cfb cfb = Cfb.read(ch, size, policy, budget, f);
            if (cfb == null) {
                return null;
            }
            Set<String> lower = new HashSet<>();
            for (Node n : cfb.nodes) {
                if (n.type() != 0) {
                    lower.add(n.name().toLowerCase(Locale.ROOT));
                }
            }
            if (lower.contains("macros") || lower.contains("_vba_project_cur") || lower.contains("vba")
                    || lower.contains("_vba_project") || lower.contains("dir") && lower.contains("project")) {
                f.add(Reason.MACRO, "the OLE2 document carries a VBA macro storage");
            }
            List<Node> root = cfb.children(0);
            Node word = find(root, "worddocument");
            Node book = find(root, "workbook");
            if (book == null) {
                book = find(root, "book");
            }
            Node ppt = find(root, "powerpoint document");
            if (find(root, "encryptedpackage") != null) {
                f.add(Reason.ENCRYPTED, "the document is an encrypted (password-protected) Office file");
                return "application/x-tika-ooxml-protected";
            }
            for (Node n : root) {
                String name = n.name().toLowerCase(Locale.ROOT);
                if (n.type() == STORAGE && (name.equals("objectpool") && !cfb.children(cfb.index(n)).isEmpty()
                        || name.startsWith("mbd"))) {
                    f.add(Reason.EMBEDDED_OBJECT, "the document embeds an OLE object (" + printable(n.name()) + ")");
                }
            }
            if (lower.contains("\u0001ole10native")) {
                f.add(Reason.EMBEDDED_OBJECT, "the document embeds a packaged file (Ole10Native)");
            }
            if (word != null) {
                word(cfb, word, f);
                return "application/msword";
            }
            if (book != null) {
                workbook(cfb, book, budget, f);
                return "application/vnd.ms-excel";
            }
            if (ppt == null) {
                ppt = find(root, "pp40");
            }
            if (ppt != null) {
                if (find(root, "encryptedsummary") != null) {
                    f.add(Reason.ENCRYPTED, "the presentation is encrypted (EncryptedSummary)");
                }
                powerPoint(cfb, ppt, budget, f);
                return "application/vnd.ms-powerpoint";
            }
            for (Node n : root) {
                if (n.name().toLowerCase(Locale.ROOT).startsWith("__substg1.0_")) {
                    return "application/vnd.ms-outlook";
                }
            }
            return "application/x-tika-msoffice";
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "OLE2 " + e.getMessage());
            return null;
        }
    }

    private static Node find(List<Node> nodes, String lowerName) {
        for (Node n : nodes) {
            if (n.type() == STREAM || n.type() == STORAGE) {
                if (n.name().toLowerCase(Locale.ROOT).equals(lowerName)) {
                    return n;
                }
            }
        }
        return null;
    }

    /** Word: FibBase flags at offset 0x0A: fEncrypted (0x0100) and fObfuscated (0x8000) [MS-DOC 2.5.2]. */
    private static void word(Cfb cfb, Node word, Findings f) throws IOException, Budget.Exceeded {
        byte[] fib = cfb.stream(word, 32);
        if (fib == null || fib.length < 12) {
            return;
        }
        int flags = ZipInspector.le16(fib, 0x0A);
        if ((flags & 0x0100) != 0 || (flags & 0x8000) != 0) {
            f.add(Reason.ENCRYPTED, "the Word document is encrypted or obfuscated (FIB fEncrypted)");
        }
    }

    /**
     * Excel: walks the workbook globals (BIFF8 records up to the first EOF): {@code FILEPASS}
     * (0x002F) means encrypted; a BoundSheet8 (0x0085) of type 1 is an Excel 4.0 macro sheet,
     * type 6 a VBA module sheet [MS-XLS 2.4.28].
     */
    private static void workbook(Cfb cfb, Node book, Budget budget, Findings f) throws IOException, Budget.Exceeded {
        byte[] s = cfb.stream(book, MAX_STREAM);
        if (s == null) {
            return;
        }
        int p = 0;
        int records = 0;
        while (p + 4 <= s.length) {
            int type = ZipInspector.le16(s, p);
            int len = ZipInspector.le16(s, p + 2);
            int data = p + 4;
            if ((++records & 4095) == 0) {
                budget.check();
            }
            if (type == 0x002F) {
                f.add(Reason.ENCRYPTED, "the workbook is encrypted (FILEPASS)");
            } else if (type == 0x0085 && data + 6 <= s.length) {
                int dt = s[data + 5] & 0xff;
                if (dt == 1) {
                    f.add(Reason.MACRO, "the workbook declares an Excel 4.0 (XLM) macro sheet");
                } else if (dt == 6) {
                    f.add(Reason.MACRO, "the workbook declares a VBA module sheet");
                }
            } else if (type == 0x000A && p > 0) {
                return;
            }
            p = data + len;
        }
    }

    /**
     * PowerPoint: the "PowerPoint Document" stream. A VBAInfoAtom (0x0400) with fHasMacros set
     * means a VBA project stored in an ExOleObjStg; a CryptSession10Container (0x2F14) means
     * encrypted [MS-PPT 2.4.8, 2.3.7]. Both are searched for by their exact record headers
     * anywhere in the stream (PowerPoint reaches records through the persist directory, not by
     * walking), ExOleObjStg (0x1011) by walking the record tree.
     */
    private static void powerPoint(Cfb cfb, Node ppt, Budget budget, Findings f) throws IOException, Budget.Exceeded {
        byte[] s = cfb.stream(ppt, MAX_STREAM);
        if (s == null) {
            return;
        }
        for (int i = 0; i + 16 <= s.length; i++) {
            if ((i & 0xFFFFF) == 0) {
                budget.check();
            }
            if (s[i + 2] == 0x00 && s[i + 3] == 0x04 && s[i] == 0x02 && s[i + 1] == 0x00 && ZipInspector.le32(s, i + 4) == 0x0C
                    && ZipInspector.le32(s, i + 12) != 0) {
                f.add(Reason.MACRO, "the presentation declares VBA macros (VBAInfoAtom fHasMacros)");
            }
            if (s[i + 2] == 0x14 && s[i + 3] == 0x2F && (s[i] & 0x0F) == 0x0F && s[i + 1] == 0x00) {
                long len = ZipInspector.le32u(s, i + 4);
                if (len >= 8 && len <= s.length - i - 8L) {
                    f.add(Reason.ENCRYPTED, "the presentation is encrypted (CryptSession10Container)");
                }
            }
        }
        Deque<int[]> stack = new ArrayDeque<>();
        stack.push(new int[] {0, s.length, 0});
        int records = 0;
        while (!stack.isEmpty()) {
            int[] range = stack.pop();
            int p = range[0];
            while (p + 8 <= range[1]) {
                if ((++records & 4095) == 0) {
                    budget.check();
                }
                int verInst = ZipInspector.le16(s, p);
                int type = ZipInspector.le16(s, p + 2);
                long len = ZipInspector.le32u(s, p + 4);
                if (len > range[1] - p - 8L) {
                    break;
                }
                if (type == 0x1011) {
                    f.add(Reason.EMBEDDED_OBJECT, "the presentation embeds an OLE object (ExOleObjStg)");
                } else if ((verInst & 0x0F) == 0x0F && range[2] < 16 && len > 0) {
                    stack.push(new int[] {p + 8, (int) (p + 8 + len), range[2] + 1});
                }
                p += 8 + (int) len;
            }
        }
    }

    /**
     * Excel 2.x-4.0 files (BIFF2-4, no OLE2): every BOF record (0x0009, 0x0209, 0x0409) names
     * its sheet type; 0x0040 is an Excel 4.0 macro sheet. {@code FILEPASS} means encrypted.
     */
    static void legacyExcel(FileChannel ch, long size, Budget budget, Findings f) throws IOException {
        try {
            byte[] s = ZipInspector.read(ch, 0, (int) Math.min(size, MAX_STREAM)).array();
            int p = 0;
            int records = 0;
            while (p + 4 <= s.length) {
                if ((++records & 4095) == 0) {
                    budget.check();
                }
                int type = ZipInspector.le16(s, p);
                int len = ZipInspector.le16(s, p + 2);
                if ((type == 0x0009 || type == 0x0209 || type == 0x0409) && p + 8 <= s.length
                        && (ZipInspector.le16(s, p + 6) & 0x0040) != 0) {
                    f.add(Reason.MACRO, "the workbook is an Excel 4.0 (XLM) macro sheet");
                } else if (type == 0x002F) {
                    f.add(Reason.ENCRYPTED, "the workbook is encrypted (FILEPASS)");
                }
                p += 4 + len;
            }
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "Excel " + e.getMessage());
        }
    }

    private static String printable(String s) {
        return ZipInspector.printable(s);
    }

    /** The parsed compound file: FAT, mini FAT, directory. */
    private static final class Cfb {
        final FileChannel ch;
        final long size;
        final int sector;
        final long sectors;
        final int[] fat;
        final int[] miniFat;
        final int miniCutoff;
        final List<Node> nodes;
        final Budget budget;
        byte[] miniStream;

        private Cfb(FileChannel ch, long size, int sector, long sectors, int[] fat, int[] miniFat, int miniCutoff,
                    List<Node> nodes, Budget budget) {
            this.ch = ch;
            this.size = size;
            this.sector = sector;
            this.sectors = sectors;
            this.fat = fat;
            this.miniFat = miniFat;
            this.miniCutoff = miniCutoff;
            this.nodes = nodes;
            this.budget = budget;
        }

        static Cfb read(FileChannel ch, long size, UploadPolicy policy, Budget budget, Findings f)
                throws IOException, Budget.Exceeded {
            byte[] h = ZipInspector.read(ch, 0, 512).array();
            int shift = ZipInspector.le16(h, 0x1E);
            if (shift != 9 && shift != 12) {
                f.add(Reason.MALFORMED, "OLE2 sector size is invalid");
                return null;
            }
            int sector = 1 << shift;
            long sectors = (size - 512 + sector - 1) / sector;
            int fatSectors = ZipInspector.le32(h, 0x2C);
            int firstDir = ZipInspector.le32(h, 0x30);
            int miniCutoff = ZipInspector.le32(h, 0x38);
            int firstMiniFat = ZipInspector.le32(h, 0x3C);
            int firstDifat = ZipInspector.le32(h, 0x44);
            int difatCount = ZipInspector.le32(h, 0x48);
            if (fatSectors < 0 || fatSectors > sectors || difatCount < 0 || difatCount > sectors) {
                f.add(Reason.MALFORMED, "OLE2 header counts are impossible");
                return null;
            }
            List<Integer> fatLocations = new ArrayList<>();
            for (int i = 0; i < 109 && fatLocations.size() < fatSectors; i++) {
                fatLocations.add(ZipInspector.le32(h, 0x4C + 4 * i));
            }
            int difat = firstDifat;
            Set<Integer> seen = new HashSet<>();
            while (fatLocations.size() < fatSectors && difat >= 0) {
                budget.check();
                if (difat >= sectors || !seen.add(difat)) {
                    f.add(Reason.MALFORMED, "OLE2 DIFAT chain is broken");
                    return null;
                }
                byte[] d = ZipInspector.read(ch, 512 + (long) difat * sector, sector).array();
                for (int i = 0; i < sector / 4 - 1 && fatLocations.size() < fatSectors; i++) {
                    fatLocations.add(ZipInspector.le32(d, 4 * i));
                }
                difat = ZipInspector.le32(d, sector - 4);
            }
            int[] fat = new int[fatLocations.size() * (sector / 4)];
            int k = 0;
            for (int loc : fatLocations) {
                if (loc < 0 || loc >= sectors) {
                    f.add(Reason.MALFORMED, "OLE2 FAT sector outside the file");
                    return null;
                }
                byte[] s = ZipInspector.read(ch, 512 + (long) loc * sector, sector).array();
                for (int i = 0; i < sector / 4; i++) {
                    fat[k++] = ZipInspector.le32(s, 4 * i);
                }
            }
            Cfb cfb = new Cfb(ch, size, sector, sectors, fat, new int[0], miniCutoff, new ArrayList<>(), budget);
            byte[] dir = cfb.chain(firstDir, Long.MAX_VALUE, (long) policy.maxEntries() * 128 + sector);
            if (dir == null) {
                f.add(Reason.MALFORMED, "OLE2 directory chain is broken");
                return null;
            }
            for (int off = 0; off + 128 <= dir.length; off += 128) {
                int type = dir[off + 0x42];
                int len = ZipInspector.le16(dir, off + 0x40);
                String name = len >= 2 && len <= 64 ? new String(dir, off, len - 2, StandardCharsets.UTF_16LE) : "";
                long streamSize = ZipInspector.le32u(dir, off + 0x78);
                if (sector == 4096) {
                    streamSize |= ZipInspector.le32u(dir, off + 0x7C) << 32;
                }
                cfb.nodes.add(new Node(name, type, ZipInspector.le32(dir, off + 0x44), ZipInspector.le32(dir, off + 0x48),
                        ZipInspector.le32(dir, off + 0x4C), ZipInspector.le32(dir, off + 0x74), streamSize));
                if (type != 0 && cfb.nodes.size() > policy.maxEntries()) {
                    f.add(Reason.CONTAINER_LIMIT, "the OLE2 file has more than " + policy.maxEntries() + " entries");
                    return null;
                }
            }
            if (cfb.nodes.isEmpty() || cfb.nodes.get(0).type() != 5) {
                f.add(Reason.MALFORMED, "OLE2 has no root entry");
                return null;
            }
            if (firstMiniFat >= 0) {
                byte[] mf = cfb.chain(firstMiniFat, Long.MAX_VALUE, 16L << 20);
                if (mf != null) {
                    int[] mini = new int[mf.length / 4];
                    for (int i = 0; i < mini.length; i++) {
                        mini[i] = ZipInspector.le32(mf, 4 * i);
                    }
                    return new Cfb(ch, size, sector, sectors, fat, mini, miniCutoff, cfb.nodes, budget);
                }
            }
            return cfb;
        }

        int index(Node n) {
            return nodes.indexOf(n);
        }

        /** The children of storage {@code i}: its red-black tree walked through left/right siblings. */
        List<Node> children(int i) throws Budget.Exceeded {
            List<Node> out = new ArrayList<>();
            if (i < 0 || i >= nodes.size()) {
                return out;
            }
            Deque<Integer> todo = new ArrayDeque<>();
            Set<Integer> seen = new HashSet<>();
            todo.push(nodes.get(i).child());
            while (!todo.isEmpty()) {
                int c = todo.pop();
                if (c < 0 || c >= nodes.size() || !seen.add(c)) {
                    continue;
                }
                if ((seen.size() & 1023) == 0) {
                    budget.check();
                }
                Node n = nodes.get(c);
                out.add(n);
                todo.push(n.left());
                todo.push(n.right());
            }
            return out;
        }

        /** Up to {@code cap} bytes of a stream, or null when its chain is broken. */
        byte[] stream(Node n, int cap) throws IOException, Budget.Exceeded {
            long want = Math.min(n.size(), cap);
            if (n.size() < miniCutoff) {
                if (miniStream == null) {
                    Node root = nodes.get(0);
                    miniStream = chain(root.start(), root.size(), 64L << 20);
                    if (miniStream == null) {
                        return null;
                    }
                }
                byte[] out = new byte[(int) want];
                int cur = n.start();
                int done = 0;
                Set<Integer> seen = new HashSet<>();
                while (done < want) {
                    if (cur < 0 || cur >= miniFat.length || !seen.add(cur) || (long) (cur + 1) * 64 > miniStream.length) {
                        return null;
                    }
                    int k = (int) Math.min(64, want - done);
                    System.arraycopy(miniStream, cur * 64, out, done, k);
                    done += k;
                    cur = miniFat[cur];
                }
                return out;
            }
            return chain(n.start(), want, want);
        }

        /**
         * Follows a FAT chain, reading at most {@code min(length, cap)} bytes; null when broken.
         * Consecutive sectors of the chain are read with one call.
         */
        byte[] chain(int start, long length, long cap) throws IOException, Budget.Exceeded {
            long limit = Math.min(Math.min(length, cap), size);
            byte[] out = new byte[(int) Math.min(limit, 64 * 1024)];
            int n = 0;
            java.util.BitSet seen = new java.util.BitSet();
            int visited = 0;
            int cur = start;
            while (cur != END && n < limit) {
                if (cur == FREE && length == Long.MAX_VALUE) {
                    break;
                }
                if (cur < 0 || cur >= sectors || cur >= fat.length || seen.get(cur)) {
                    return null;
                }
                seen.set(cur);
                int first = cur;
                int run = 1;
                // extend over the following sectors while the chain goes straight on
                while ((long) (run + 1) * sector <= limit - n && fat[cur] == cur + 1 && cur + 1 < sectors
                        && cur + 1 < fat.length && !seen.get(cur + 1)) {
                    cur++;
                    seen.set(cur);
                    run++;
                }
                visited += run;
                if ((visited & ~1023) != ((visited - run) & ~1023)) {
                    budget.check();
                }
                int k = (int) Math.min((long) run * sector, limit - n);
                if (n + k > out.length) {
                    out = java.util.Arrays.copyOf(out, (int) Math.min(limit, Math.max(n + (long) k, 2L * out.length)));
                }
                ZipInspector.readInto(ch, 512 + (long) first * sector, out, n, k);
                n += k;
                cur = fat[cur];
            }
            if (length != Long.MAX_VALUE && n < limit) {
                return null;
            }
            return n == out.length ? out : java.util.Arrays.copyOf(out, n);
        }
    }
}
