package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Set;

/**
 * Coverage-guided fuzz targets for the multipart reader and the strict header reading. In
 * {@code mvn verify} they replay their stored inputs ({@code src/test/resources/.../MultipartFuzzTestInputs});
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/fuzzing.md).
 */
class MultipartFuzzTest {

    private static final String BOUNDARY = "b0undary7MA4YWxk";
    private static final int MAX_HEADER = 512;
    private static final int MAX_FIELD = 4096;
    private static final long MAX_FILE = 65_536;
    private static final Set<Reason> READER_REASONS = Set.of(Reason.MULTIPART_MALFORMED, Reason.MULTIPART_AMBIGUOUS,
            Reason.FILENAME_AMBIGUOUS, Reason.PART_HEADER_TOO_LARGE, Reason.FIELD_TOO_LARGE, Reason.TOO_LARGE);

    /**
     * Any body: the reader either refuses it with one of its reasons, or yields parts that respect
     * every cap, whose names and filenames carry no quote, backslash or control character, and whose
     * canonical header reads back to the same part.
     */
    @FuzzTest(maxDuration = "10m")
    void multipartReaderEitherRefusesOrYieldsCappedCanonicalParts(byte[] body) throws IOException {
        MultipartReader reader = new MultipartReader(new ByteArrayInputStream(body), BOUNDARY);
        long total = 0;
        try {
            reader.start();
            int parts = 0;
            while (reader.next()) {
                assertThat(++parts).isLessThanOrEqualTo(body.length);
                MultipartReader.Head head = reader.head(MAX_HEADER);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                long n = reader.body(out, head.isFile() ? MAX_FILE : MAX_FIELD,
                        head.isFile() ? Reason.TOO_LARGE : Reason.FIELD_TOO_LARGE);
                assertThat(n).isEqualTo(out.size()).isLessThanOrEqualTo(head.isFile() ? MAX_FILE : MAX_FIELD);
                total += n;
                assertClean(head.name());
                if (head.isFile()) {
                    assertClean(head.filename());
                }
                MultipartReader.Disposition again = MultipartReader.disposition(
                        MultipartReader.Disposition.header(head.name(), head.filename()));
                assertThat(again.name()).isEqualTo(head.name());
                assertThat(again.filename()).isEqualTo(head.filename());
            }
            reader.finish(256);
            assertThat(total).isLessThanOrEqualTo(body.length);
        } catch (MultipartReader.Failure f) {
            assertThat(f.reason).isIn(READER_REASONS);
            assertThat(f.getMessage()).isNotBlank();
        }
    }

    /** Any header value: refused with an ambiguity reason, or parsed into token names and clean values. */
    @FuzzTest(maxDuration = "10m")
    void headerValueEitherRefusesOrParsesIntoTokensAndCleanValues(FuzzedDataProvider data) {
        String header = data.consumeRemainingAsString();
        try {
            HeaderValue h = HeaderValue.parse(header, "fuzzed header");
            assertThat(h.value()).isNotEmpty().isLowerCase();
            h.parameters().forEach((name, value) -> {
                assertThat(name.chars().allMatch(c -> HeaderValue.isTchar((char) c))).as(name).isTrue();
                assertThat(name).isLowerCase();
                assertClean(value);
            });
        } catch (MultipartReader.Failure f) {
            assertThat(f.reason).isIn(Reason.MULTIPART_AMBIGUOUS, Reason.FILENAME_AMBIGUOUS);
        }
    }

    private static void assertClean(String s) {
        assertThat(s).doesNotContain("\"", "\\", "\r", "\n");
        assertThat(s.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)).as(s).isTrue();
    }
}
