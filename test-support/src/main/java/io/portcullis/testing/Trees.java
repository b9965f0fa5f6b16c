package io.portcullis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** Recursive delete for the harness's temporary directories. */
final class Trees {

    private static final Set<Path> SWEEP = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> SWEEP.forEach(dir -> {
            try {
                delete(dir);
            } catch (RuntimeException ignored) {
                // best effort at JVM exit
            }
        }), "portcullis-temp-sweep"));
    }

    private Trees() {
    }

    /**
     * Deletes {@code dir} now and again when the JVM exits: a stopped Tomcat was seen (rarely)
     * to re-create its empty base directory after it had been deleted.
     */
    static void deleteNowAndAtExit(Path dir) {
        SWEEP.add(dir);
        delete(dir);
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
