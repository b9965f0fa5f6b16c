package io.portcullis.checkup;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.portcullis.checkup.uploads.Progress;
import io.portcullis.upload.UploadGuard;
import io.portcullis.upload.UploadPolicy;
import io.portcullis.upload.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code checkup uploads --allow EXT[,EXT…] [--json] PATH…}: judges every file under the paths
 * (folders recursively, symbolic links not followed) under its own name, as if it were uploaded
 * now, with upload-guard's rules. Exit 0 when every file is accepted, 1 when any is rejected,
 * 2 on bad usage.
 */
@Command(name = "uploads", mixinStandardHelpOptions = true,
        description = {"Judges every file under PATH (folders recursively) as if uploaded under its own name.",
            "Prints one line per file: ACCEPT/REJECT, reason codes, detected type, path.",
            "Ends with one summary line (files, accepted, rejected; on stderr with --json).",
            "Exit 0 when all are accepted, 1 when any is rejected, 2 on bad usage."})
final class UploadsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--allow", required = true, split = ",", paramLabel = "EXT",
            description = "Allowed extensions (upload-guard catalogue), e.g. jpg,png,pdf. svg and doc/xls/ppt may be listed explicitly.")
    List<String> allow;

    @Option(names = "--json", description = "One JSON object per line: path, accepted, detectedType, reasons, message, size, sha256.")
    boolean json;

    @Option(names = "--max-file-size", paramLabel = "BYTES", defaultValue = "104857600",
            description = "Largest file judged; larger files are rejected as TOO_LARGE (default: ${DEFAULT-VALUE}).")
    long maxFileSize;

    @Option(names = "--jobs", paramLabel = "N", defaultValue = "0",
            description = "Files judged at the same time (default 0: one per available processor). Output keeps the file order.")
    int jobs;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to judge.")
    List<Path> paths;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        quietTikaLogging();
        UploadGuard guard = new UploadGuard(policy(cl));
        Collector collector = new Collector();
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new CommandLine.ParameterException(cl, "no such file or folder: " + p);
            }
            collector.collect(p);
        }
        List<Path> files = collector.files();
        PrintWriter out = cl.getOut();
        PrintWriter err = cl.getErr();
        // jackson-core's streaming writer: the same escaping as databind, without its ~0.15 s of start-up
        JsonFactory jsonFactory = json ? new JsonFactory() : null;
        boolean anyRejected = false;
        int accepted = 0;
        int rejected = 0;
        int unreadable = collector.unreadable().size();
        for (String problem : collector.unreadable()) {
            err.println("checkup uploads: " + problem);
        }
        anyRejected |= unreadable > 0;
        int threads = jobs > 0 ? jobs : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = threads > 1 && files.size() > 1 ? Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "checkup-uploads");
            t.setDaemon(true);
            return t;
        }) : null;
        // At most this many files are judged ahead of the one being printed (bounded memory).
        int window = threads * 4;
        Deque<Future<Verdict>> ahead = new ArrayDeque<>();
        int submitted = 0;
        try (Progress progress = new Progress(err, files.size(), Progress.stderrIsTerminal())) {
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                Verdict v;
                try {
                    if (pool == null) {
                        v = guard.inspect(f, f.getFileName().toString());
                    } else {
                        while (submitted < files.size() && submitted < i + window) {
                            Path next = files.get(submitted++);
                            ahead.add(pool.submit(() -> guard.inspect(next, next.getFileName().toString())));
                        }
                        v = result(ahead.poll());
                    }
                } catch (IOException | UncheckedIOException e) {
                    err.println("checkup uploads: cannot read " + printable(f) + ": " + e.getMessage());
                    anyRejected = true;
                    unreadable++;
                    progress.step();
                    continue;
                }
                anyRejected |= !v.accepted();
                if (v.accepted()) {
                    accepted++;
                } else {
                    rejected++;
                }
                if (json) {
                    line(out, progress, json(jsonFactory, f, v));
                } else if (v.accepted()) {
                    line(out, progress, "ACCEPT " + v.detectedType() + " " + printable(f));
                } else {
                    line(out, progress, "REJECT " + String.join(",", v.reasonCodes()) + " " + v.detectedType() + " "
                            + printable(f) + " (" + v.message() + ")");
                }
                progress.step();
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (files.isEmpty()) {
            err.println("checkup uploads: no files found under " + paths);
        }
        // one line at the end; with --json it goes to stderr so stdout stays one JSON object per line
        String summary = summary(files.size(), accepted, rejected, unreadable);
        out.flush();
        (json ? err : out).println(summary);
        (json ? err : out).flush();
        return anyRejected ? 1 : 0;
    }

    /** tika-core logs through slf4j-api; its lines are no findings, so they are dropped (before its first logger). */
    static void quietTikaLogging() {
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
            if (System.getProperty("slf4j.internal.verbosity") == null) {
                System.setProperty("slf4j.internal.verbosity", "WARN");
            }
        }
    }

    /** The verdict of a file judged on a worker thread; its I/O failure is rethrown as the caller's. */
    private static Verdict result(Future<Verdict> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw new IOException(c);
        }
    }

    /**
     * A path as one line of text: control characters (a newline in a file name would forge a second
     * ACCEPT line; ESC would drive the terminal) and backslash are escaped as {@code \\n},
     * {@code \\xNN}, {@code \\uNNNN}, {@code \\\\}. JSON output escapes them itself.
     */
    static String printable(Path p) {
        String s = p.toString();
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                b.append("\\\\");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c == '\t') {
                b.append("\\t");
            } else if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\x%02x", (int) c));
            } else if ((c >= 0x80 && c < 0xa0) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
                b.append(String.format("\\u%04x", (int) c)); // C1 controls and bidi overrides
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** One file's verdict as one line of JSON. */
    static String json(JsonFactory factory, Path f, Verdict v) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = factory.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("path", f.toString());
            g.writeBooleanField("accepted", v.accepted());
            g.writeStringField("detectedType", v.detectedType());
            g.writeArrayFieldStart("reasons");
            for (String r : v.reasonCodes()) {
                g.writeString(r);
            }
            g.writeEndArray();
            g.writeStringField("message", v.message());
            g.writeNumberField("size", v.size());
            g.writeStringField("sha256", v.sha256());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static String summary(int files, int accepted, int rejected, int unreadable) {
        return files + " file(s): " + accepted + " accepted, " + rejected + " rejected"
                + (unreadable > 0 ? ", " + unreadable + " unreadable" : "");
    }

    private static void line(PrintWriter out, Progress progress, String s) {
        if (progress.enabled()) {
            out.flush();
        }
        out.println(s);
        if (progress.enabled()) {
            out.flush();
        }
    }

    private UploadPolicy policy(CommandLine cl) {
        List<String> exts = new ArrayList<>();
        for (String a : allow) {
            String e = a.strip().toLowerCase(Locale.ROOT);
            if (e.startsWith(".")) {
                e = e.substring(1);
            }
            if (e.isEmpty()) {
                throw new CommandLine.ParameterException(cl, "--allow has an empty extension");
            }
            exts.add(e);
        }
        if (jobs < 0) {
            throw new CommandLine.ParameterException(cl, "--jobs must be 0 (one per processor) or more; got " + jobs);
        }
        if (maxFileSize < 1) {
            throw new CommandLine.ParameterException(cl, "--max-file-size must be at least 1; got " + maxFileSize);
        }
        try {
            // Listing svg or doc/xls/ppt on the command line is the explicit opt-in.
            return UploadPolicy.builder().dangerouslyAllowSvg(exts.contains("svg"))
                    .allowLegacyOffice(exts.stream().anyMatch(e -> e.equals("doc") || e.equals("xls") || e.equals("ppt")))
                    .allow(exts.toArray(String[]::new)).maxFileSize(maxFileSize).build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, "--allow: " + e.getMessage().replace(UploadPolicy.KEY_ALLOW + " ", ""));
        }
    }

    /**
     * The regular files under the given paths, in order, without following links; a folder or file
     * the walk cannot read (no permission, gone while listed) is noted with its reason and the walk
     * goes on, so one locked folder neither stops the scan nor hides what else is there.
     */
    static final class Collector extends SimpleFileVisitor<Path> {
        private final List<Path> files = new ArrayList<>();
        private final List<String> unreadable = new ArrayList<>();

        void collect(Path p) {
            int from = files.size();
            try {
                Files.walkFileTree(p, this);
            } catch (IOException e) { // only from the visitor's own methods, which return normally
                unreadable.add("cannot read " + printable(p) + ": " + reason(e));
            }
            // sorted within each path given, so the output order does not depend on the file system
            files.subList(from, files.size()).sort(null);
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (attrs.isRegularFile()) {
                files.add(file);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
            unreadable.add("cannot read " + printable(file) + ": " + reason(e));
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) {
            if (e != null) { // the listing broke off part way
                unreadable.add("cannot read all of " + printable(dir) + ": " + reason(e));
            }
            return FileVisitResult.CONTINUE;
        }

        /** The files found: the paths in the order given, the files under each sorted. */
        List<Path> files() {
            return List.copyOf(files);
        }

        /** One line per folder or file that could not be read. */
        List<String> unreadable() {
            return List.copyOf(unreadable);
        }

        private static String reason(IOException e) {
            String kind = e.getClass().getSimpleName();
            return e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null
                    ? kind + " (" + fse.getReason() + ")" : kind;
        }
    }
}
