package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.upload.AppParsers.FileSeen;
import io.portcullis.upload.AppParsers.Seen;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The guard against the parsers applications really use (Tomcat's, Jetty's, commons-fileupload2's,
 * and Spring's re-reading of {@code Content-Disposition} on top of each container).
 *
 * <p>The property, for every generated or stored request: either the guard refuses it, or every
 * file that any of those parsers would hand an application over the <em>raw</em> body was checked by
 * the guard with the same field, the same name and the same bytes — and, behind the guard, the
 * application's views ({@code getParts()}, Spring's resolver, commons-fileupload2 over the body)
 * are exactly the checked files.
 *
 * <p>{@code mvn verify} runs {@value #DEFAULT_COUNT} generated requests from a fixed seed; a longer
 * run: {@code mvn -pl upload-guard -am test -Dtest=MultipartDifferentialTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddifferential.count=500000 -Ddifferential.seed=$RANDOM}.
 * Counter-examples are written to {@code target/differential-findings/} in the format of the stored
 * regression cases ({@code src/test/resources/io/portcullis/upload/multipart-regressions/}).
 */
class MultipartDifferentialTest {

    static final int DEFAULT_COUNT = 10_000;
    private static final String REGRESSIONS = "/io/portcullis/upload/multipart-regressions/";

    @TempDir
    Path tmp;

    @Test
    void noFileReachesAnApplicationUncheckedAcrossGeneratedRequests() throws Exception {
        int count = Integer.getInteger("differential.count", DEFAULT_COUNT);
        long seed = Long.getLong("differential.seed", 20261202L);
        UploadGuardFilter filter = filter();
        List<String> findings = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mutatedAccepted = new java.util.concurrent.atomic.AtomicInteger();
        int slices = 8;
        java.util.stream.IntStream.range(0, slices).parallel().forEach(slice -> {
            MultipartMutator mutator = new MultipartMutator(seed * 31 + slice, Samples.png());
            for (int i = slice; i < count; i += slices) {
                MultipartMutator.Request r = mutator.next();
                Outcome o;
                try {
                    o = check(filter, r.contentType(), r.body());
                } catch (Exception e) {
                    o = new Outcome(false, "the guard threw " + e);
                }
                if (o.accepted) {
                    accepted.incrementAndGet();
                    if (!r.recipe().isEmpty()) {
                        mutatedAccepted.incrementAndGet();
                    }
                }
                if (o.problem != null && findings.size() < 50) {
                    findings.add(o.problem);
                    save(i, r, o.problem);
                }
            }
        });
        System.out.printf("multipart differential: %d requests (seed %d), %d accepted by the guard (%d of them"
                + " mutated), %d findings%n", count, seed, accepted.get(), mutatedAccepted.get(), findings.size());
        assertThat(findings).as("counter-examples (saved under target/differential-findings)").isEmpty();
        // The generator must exercise both sides of the property, or the run proves little.
        assertThat(accepted.get()).as("requests the guard accepted").isGreaterThan(count / 5);
        assertThat(mutatedAccepted.get()).as("mutated requests the guard accepted").isGreaterThan(count / 50);
        assertThat(count - accepted.get()).as("requests the guard refused").isGreaterThan(count / 5);
    }

    static Stream<String> regressions() throws IOException {
        try (var in = MultipartDifferentialTest.class.getResourceAsStream(REGRESSIONS + "index.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList()
                    .stream();
        }
    }

    /** Every counter-example the differential ever found (and the issue's own), kept. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("regressions")
    void storedCounterExampleIsRefusedOrFullyChecked(String name) throws Exception {
        List<String> lines;
        try (var in = getClass().getResourceAsStream(REGRESSIONS + name)) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        String contentType = lines.get(0);
        byte[] body = Base64.getMimeDecoder().decode(String.join("", lines.subList(2, lines.size())));
        Outcome o = check(filter(), contentType, body);
        assertThat(o.problem).as(lines.get(1)).isNull();
    }

    /** Positive control: a plain PNG is accepted and every parser sees the very file that was checked. */
    @Test
    void controlPlainPngIsAcceptedAndSeenIdenticallyByEveryParser() throws Exception {
        byte[] body = FilterHarness.body().file("f", "a.png", Samples.png()).field("title", "x").end();
        String ct = "multipart/form-data; boundary=" + FilterHarness.BOUNDARY;
        Outcome o = check(filter(), ct, body);
        assertThat(o.accepted).isTrue();
        assertThat(o.problem).isNull();
        for (Seen s : AppParsers.all(ct, body)) {
            assertThat(s.failure()).as(s.parser()).isNull();
            assertThat(s.files()).as(s.parser()).singleElement()
                    .satisfies(f -> assertThat(f.filename()).isEqualTo("a.png"));
        }
    }

    /** Negative control: the property does catch a guard that lets a file through unchecked. */
    @Test
    void propertyDetectsAFileTheGuardDidNotCheck() throws Exception {
        String ct = "multipart/form-data; boundary=" + FilterHarness.BOUNDARY;
        byte[] body = FilterHarness.body().file("f", "evil.php", "<?php ?>".getBytes(StandardCharsets.US_ASCII)).end();
        String problem = compare(List.of(), AppParsers.all(ct, body), List.of());
        assertThat(problem).contains("evil.php", "tomcat", "jetty", "fileupload2");
    }

    private UploadGuardFilter filter() throws IOException {
        Path spool = Files.createDirectories(tmp.resolve("spool"));
        return new UploadGuardFilter(UploadPolicy.builder().allow("png", "txt").tempDir(spool).maxParts(8).build());
    }

    private record Checked(String field, String filename, String sha256) {
    }

    private record Outcome(boolean accepted, String problem) {
    }

    /** Runs the guard, then compares with every parser; a non-null problem is a counter-example. */
    static Outcome check(UploadGuardFilter filter, String contentType, byte[] body) throws Exception {
        List<Checked> checked = new ArrayList<>();
        List<Seen> after = new ArrayList<>();
        boolean[] reached = {false};
        FilterChain chain = (rq, rs) -> {
            reached[0] = true;
            HttpServletRequest wrapped = (HttpServletRequest) rq;
            @SuppressWarnings("unchecked")
            List<UploadedFile> files = (List<UploadedFile>) rq.getAttribute(UploadGuardFilter.FILES);
            for (UploadedFile f : files) {
                checked.add(new Checked(f.fieldName(), f.verdict().filename(), f.verdict().sha256()));
            }
            after.add(AppParsers.getParts(wrapped));
            after.add(AppParsers.springResolver(wrapped));
            after.add(AppParsers.fileUpload2(wrapped));
        };
        filter.doFilter(AppParsers.request(contentType, body, List.of()), response(), chain);
        if (!reached[0]) {
            return new Outcome(false, null);
        }
        return new Outcome(true, compare(checked, AppParsers.all(contentType, body), after));
    }

    /** Null when every file seen raw was checked identically and the guarded views equal the checked files. */
    static String compare(List<Checked> checked, List<Seen> raw, List<Seen> after) {
        List<String> problems = new ArrayList<>();
        for (Seen s : raw) {
            for (FileSeen f : s.files()) {
                if (f.filename().isEmpty() && f.bytes().length == 0) {
                    continue; // an empty file input: no file, for the guard as for browsers
                }
                Checked seen = new Checked(f.field(), Normalizer.normalize(f.filename(), Normalizer.Form.NFC),
                        sha256(f.bytes()));
                if (!checked.contains(seen)) {
                    problems.add(s.parser() + " hands over unchecked " + f);
                }
            }
        }
        for (Seen s : after) {
            if (s.failure() != null) {
                problems.add("behind the guard " + s.parser() + " failed: " + s.failure());
                continue;
            }
            List<Checked> view = s.files().stream()
                    .map(f -> new Checked(f.field(), f.filename(), sha256(f.bytes()))).toList();
            if (!view.equals(checked)) {
                problems.add("behind the guard " + s.parser() + " sees " + view + " but the guard checked " + checked);
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpServletResponse response() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServletOutputStream sos = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener l) {
            }

            @Override
            public void write(int b) {
                out.write(b);
            }
        };
        return FilterHarness.fake(HttpServletResponse.class, (name, args) -> switch (name) {
            case "getOutputStream" -> sos;
            default -> null;
        });
    }

    private static void save(int index, MultipartMutator.Request r, String problem) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "differential-findings"));
            Files.writeString(dir.resolve(String.format("finding-%05d.txt", index)), r.contentType() + "\n"
                    + ("found by the differential (" + r.recipe() + "): " + problem).replace('\n', ' ') + "\n"
                    + Base64.getMimeEncoder().encodeToString(r.body()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
