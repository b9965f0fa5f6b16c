package io.portcullis.passwords;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * An offline breached-password list: a file of SHA-1 hashes, or prefixes of them, one per line
 * in ascending order, each optionally followed by {@code :count} (the format of the Pwned
 * Passwords downloader's single-file output). Every line has the same number of hex digits
 * (10 to 40); shorter prefixes make a smaller file and list more passwords as breached. Lookups
 * binary-search the file through positional reads, so a 40 GB file costs no memory and the
 * instance is safe to share between threads. Lines whose count is 0 do not count.
 */
final class PrefixFile implements BreachSource {

    private static final Pattern LINE = Pattern.compile("([0-9A-Fa-f]{10,40})(:[0-9]{1,12})?");
    private static final int MAX_LINE = 64;

    private final Path path;

    PrefixFile(Path path) {
        this.path = path;
    }

    @Override
    public boolean listed(String sha1Hex) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size == 0) {
                return false;
            }
            int width = parse(readLine(ch, 0)).hex.length();
            String key = sha1Hex.substring(0, width);
            long lo = 0;
            long hi = size;
            while (lo < hi) {
                long mid = (lo + hi) >>> 1;
                long start = lineStartAtOrAfter(ch, mid);
                if (start >= hi || start >= size) {
                    hi = mid;
                    continue;
                }
                String raw = readLine(ch, start);
                Entry e = parse(raw);
                if (e.hex.length() != width) {
                    throw new IOException("breach file mixes prefix lengths (" + width + " and " + e.hex.length() + ")");
                }
                int cmp = e.hex.compareToIgnoreCase(key);
                if (cmp == 0) {
                    return e.count > 0;
                } else if (cmp < 0) {
                    lo = start + raw.length() + 1;
                } else {
                    hi = mid;
                }
            }
            return false;
        }
    }

    private record Entry(String hex, long count) {
    }

    private static Entry parse(String raw) throws IOException {
        String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
        var m = LINE.matcher(line);
        if (!m.matches()) {
            throw new IOException("breach file has a malformed line");
        }
        long count = m.group(2) == null ? 1 : Long.parseLong(m.group(2).substring(1));
        return new Entry(m.group(1), count);
    }

    /** The first position ≥ {@code pos} that starts a line. */
    private static long lineStartAtOrAfter(FileChannel ch, long pos) throws IOException {
        if (pos == 0) {
            return 0;
        }
        ByteBuffer buf = ByteBuffer.allocate(MAX_LINE + 2);
        long at = pos - 1;
        while (true) {
            buf.clear();
            int n = ch.read(buf, at);
            if (n <= 0) {
                return ch.size();
            }
            for (int i = 0; i < n; i++) {
                if (buf.get(i) == '\n') {
                    return at + i + 1;
                }
            }
            at += n;
        }
    }

    /** The line starting at {@code start}, without its line feed. */
    private static String readLine(FileChannel ch, long start) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_LINE + 2);
        int n = ch.read(buf, start);
        if (n <= 0) {
            return "";
        }
        int end = 0;
        while (end < n && buf.get(end) != '\n') {
            end++;
        }
        if (end == n && start + n < ch.size()) {
            throw new IOException("breach file has a line longer than " + MAX_LINE + " bytes");
        }
        return new String(buf.array(), 0, end, StandardCharsets.US_ASCII);
    }

    @Override
    public String toString() {
        return "PrefixFile[" + path + "]";
    }

}
