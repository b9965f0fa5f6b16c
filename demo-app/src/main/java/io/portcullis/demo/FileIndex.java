package io.portcullis.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who owns which stored file: {@code files.tsv} under the data directory. The bytes live in
 * the upload store under a random id; this index is what the app authorises against.
 */
final class FileIndex {

    /** One stored upload. {@code name} is the sanitised display name, never a path. */
    record Entry(String id, String owner, String name, String mediaType, long size, Instant uploaded) {
    }

    private final Path file;
    private final Map<String, Entry> byId = new ConcurrentHashMap<>();

    FileIndex(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t", -1);
                if (f.length == 6) {
                    byId.put(f[0], new Entry(f[0], f[1], f[2], f[3], Long.parseLong(f[4]), Instant.parse(f[5])));
                }
            }
        }
    }

    synchronized void add(Entry e) throws IOException {
        byId.put(e.id(), e);
        save();
    }

    /** The entry only when {@code owner} owns it; another user's id looks exactly like a missing one. */
    Optional<Entry> owned(String id, String owner) {
        Entry e = byId.get(id);
        return e != null && e.owner().equals(owner) ? Optional.of(e) : Optional.empty();
    }

    Optional<Entry> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    List<Entry> of(String owner) {
        List<Entry> out = new ArrayList<>();
        for (Entry e : byId.values()) {
            if (e.owner().equals(owner)) {
                out.add(e);
            }
        }
        out.sort(Comparator.comparing(Entry::uploaded).reversed());
        return out;
    }

    private void save() throws IOException {
        List<String> lines = new ArrayList<>();
        for (Entry e : byId.values()) {
            lines.add(String.join("\t", e.id(), e.owner(), clean(e.name()), clean(e.mediaType()),
                    Long.toString(e.size()), e.uploaded().toString()));
        }
        Path tmp = Files.createTempFile(file.getParent(), "files", ".tmp");
        try {
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static String clean(String s) {
        return s.replaceAll("[\\t\\r\\n\\p{Cntrl}]", "_");
    }
}
