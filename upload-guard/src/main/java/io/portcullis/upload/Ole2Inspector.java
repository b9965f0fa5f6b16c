package io.portcullis.upload;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads the directory of an OLE2 compound file ([MS-CFB]) with caps and classifies it
 * (Word 97, Excel, PowerPoint, Outlook message, encrypted OOXML), finding VBA macro storages.
 * Needs no POI.
 */
final class Ole2Inspector {

    static final byte[] MAGIC = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1};
    private static final int END = -2;
    private static final int FREE = -1;

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
            List<String> names = directory(ch, size, policy, budget, f);
            if (names == null) {
                return null;
            }
            Set<String> lower = new HashSet<>();
            for (String n : names) {
                lower.add(n.toLowerCase(Locale.ROOT));
            }
            if (lower.contains("macros") || lower.contains("_vba_project_cur") || lower.contains("vba")
                    || lower.contains("_vba_project") || lower.contains("dir") && lower.contains("project")) {
                f.add(Reason.MACRO, "the OLE2 document carries a VBA macro storage");
            }
            if (lower.contains("encryptedpackage")) {
                f.add(Reason.ENCRYPTED, "the document is an encrypted (password-protected) Office file");
                return "application/x-tika-ooxml-protected";
            }
            if (lower.contains("worddocument")) {
                return "application/msword";
            }
            if (lower.contains("workbook") || lower.contains("book")) {
                return "application/vnd.ms-excel";
            }
            if (lower.contains("powerpoint document")) {
                return "application/vnd.ms-powerpoint";
            }
            for (String n : lower) {
                if (n.startsWith("__substg1.0_")) {
                    return "application/vnd.ms-outlook";
                }
            }
            return "application/x-tika-msoffice";
        } catch (Budget.Exceeded e) {
            f.add(Reason.CONTAINER_LIMIT, "OLE2 " + e.getMessage());
            return null;
        }
    }

    private static List<String> directory(FileChannel ch, long size, UploadPolicy policy, Budget budget, Findings f)
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
        List<String> names = new ArrayList<>();
        Set<Integer> visited = new HashSet<>();
        int cur = firstDir;
        while (cur != END) {
            budget.check();
            if (cur < 0 || cur >= sectors || cur >= fat.length || !visited.add(cur)) {
                f.add(Reason.MALFORMED, "OLE2 directory chain is broken");
                return null;
            }
            byte[] s = ZipInspector.read(ch, 512 + (long) cur * sector, sector).array();
            for (int off = 0; off + 128 <= sector; off += 128) {
                int type = s[off + 0x42];
                if (type == 0) {
                    continue;
                }
                int len = ZipInspector.le16(s, off + 0x40);
                if (len < 2 || len > 64) {
                    continue;
                }
                names.add(new String(s, off, len - 2, StandardCharsets.UTF_16LE));
                if (names.size() > policy.maxEntries()) {
                    f.add(Reason.CONTAINER_LIMIT, "the OLE2 file has more than " + policy.maxEntries() + " entries");
                    return null;
                }
            }
            int next = fat[cur];
            cur = next == FREE ? END : next;
        }
        return names;
    }
}
