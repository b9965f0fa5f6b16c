package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real Office file of the shared office corpus ({@code PORTCULLIS_OFFICE_CORPUS_DIR} or
 * {@code office.corpus.dir}; Apache POI's test data with an independent ground truth): each
 * {@code accept} accepted under a policy allowing its extension (legacy formats under the legacy
 * opt-in), each {@code reject} refused, each {@code encrypted} refused with {@code ENCRYPTED},
 * each {@code policy} file either accepted or refused only for the features its keys govern
 * ({@code EMBEDDED_OBJECT}, {@code EXTERNAL_REFERENCE}) and accepted once those keys allow them,
 * each {@code either} answered without an exception. Skips cleanly where the corpus is absent.
 */
class OfficeCorpusTest {

    /** Files named with extensions no policy can allow; what the guard answers instead. */
    static final Map<String, String> NOT_OFFERED = Map.of(
            "vba", "VBA source text: not an upload type the catalogue offers",
            "vml", "a bare VML drawing part: not an upload type",
            "dib", "a device-independent bitmap: not in the catalogue",
            "docm", "macro-enabled Word: refused by design",
            "", "no extension");

    /** Policy features: the reason a policy file may be refused for, and the key that waives it. */
    static final Set<Reason> POLICY_REASONS = EnumSet.of(Reason.EMBEDDED_OBJECT, Reason.EXTERNAL_REFERENCE);

    record Row(String file, String expect, String facts) {
        @Override
        public String toString() {
            return file == null ? "corpus absent" : expect + " " + file;
        }

        String ext() {
            String name = file.substring(file.lastIndexOf('/') + 1);
            int dot = name.lastIndexOf('.');
            return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        }
    }

    /** The corpus folder: env PORTCULLIS_OFFICE_CORPUS_DIR, else the {@code office.corpus.dir} property surefire sets. */
    static Path dir() {
        String d = System.getenv("PORTCULLIS_OFFICE_CORPUS_DIR");
        if (d == null || d.isBlank()) {
            d = System.getProperty("office.corpus.dir");
        }
        return d == null ? null : Path.of(d);
    }

    static Stream<Row> rows() throws IOException {
        Path dir = dir();
        if (dir == null || !Files.isRegularFile(dir.resolve("MANIFEST.tsv"))) {
            return Stream.of(new Row(null, null, null));
        }
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("MANIFEST.tsv"))) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t", -1);
            rows.add(new Row(c[0], c[1], c.length > 3 ? c[3] : ""));
        }
        return rows.stream();
    }

    static UploadPolicy allowing(String ext) {
        return UploadPolicy.builder().allowLegacyOffice(true).dangerouslyAllowSvg(true).allow(ext).build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decidedAsTheGroundTruthSays(Row row) throws IOException {
        Assumptions.assumeTrue(row.file() != null, "office corpus not found: put it at ../shared/corpus/office beside"
                + " the project or set PORTCULLIS_OFFICE_CORPUS_DIR (looked at " + dir() + "); skipping");
        Path file = dir().resolve(row.file());
        String name = file.getFileName().toString();
        if (NOT_OFFERED.containsKey(row.ext()) || !UploadPolicy.catalogue().contains(row.ext())) {
            Verdict v = new UploadGuard(UploadPolicy.office()).inspect(file, name);
            assertThat(v.accepted()).as(v + " (" + NOT_OFFERED.get(row.ext()) + ")").isFalse();
            return;
        }
        UploadPolicy policy = allowing(row.ext());
        Verdict v = new UploadGuard(policy).inspect(file, name);
        switch (row.expect()) {
            case "accept" -> assertThat(v.accepted()).as(v + " facts: " + row.facts()).isTrue();
            case "reject" -> assertThat(v.accepted()).as(v + " facts: " + row.facts()).isFalse();
            case "encrypted" -> assertThat(v.reasons()).as(v + " facts: " + row.facts()).contains(Reason.ENCRYPTED);
            case "policy" -> {
                assertThat(POLICY_REASONS).as(v + " facts: " + row.facts()).containsAll(v.reasons());
                UploadPolicy waived = policy.toBuilder().dangerouslyAllowEmbeddedObjects(true)
                        .dangerouslyAllowExternalReferences(true).build();
                Verdict w = new UploadGuard(waived).inspect(file, name);
                assertThat(w.accepted()).as("with both keys waiving: " + w + " facts: " + row.facts()).isTrue();
            }
            case "either" -> assertThat(v.reasons()).as(v.toString()).isNotNull();
            default -> throw new AssertionError("unknown expectation " + row.expect() + " for " + row.file());
        }
    }
}
