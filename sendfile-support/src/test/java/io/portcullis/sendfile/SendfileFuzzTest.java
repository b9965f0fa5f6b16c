package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Fuzz targets for the attacker-controlled inputs of sendfile-support: {@code Range} headers and
 * signed-link query strings. {@code mvn verify} replays the stored inputs; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/fuzzing.md).
 */
class SendfileFuzzTest {

    private static final UrlSignerTest.MutableClock CLOCK = new UrlSignerTest.MutableClock();
    private static final UrlSigner SIGNER = UrlSigner.builder().key("k1", UrlSignerTest.K1).clock(CLOCK).build();
    private static final String SIGNED = SIGNER.link("/share/a.pdf").expiresIn(Duration.ofHours(1)).sign();

    /**
     * Any Range header and file size: at most the configured number of ranges, each non-empty and inside
     * the file, none overlapping or touching another (those are coalesced). Non-overlapping ranges keep
     * the client's order (RFC 9110 §14.6), so order is not a property.
     */
    @FuzzTest(maxDuration = "10m")
    void rangesNeverCoverBytesOutsideTheFile(FuzzedDataProvider data) {
        long size = data.consumeLong(0, 1L << 40);
        int max = data.consumeInt(1, 16);
        Rfc9110.Ranges r = Rfc9110.parseRanges(data.consumeRemainingAsString(), size, max);
        assertThat(r.ranges().size()).isLessThanOrEqualTo(max);
        assertThat(r.kind() == Rfc9110.Ranges.Kind.SATISFIABLE).isEqualTo(!r.ranges().isEmpty());
        List<Rfc9110.Range> sorted = new ArrayList<>(r.ranges());
        sorted.sort(Comparator.comparingLong(Rfc9110.Range::first));
        long previousLast = -2;
        for (Rfc9110.Range range : sorted) {
            assertThat(range.first()).isGreaterThan(previousLast + 1).isLessThanOrEqualTo(range.last());
            assertThat(range.last()).isLessThan(size);
            previousLast = range.last();
        }
    }

    /** Any query and path: the verifier answers without throwing, and VALID only for the signer's own spelling. */
    @FuzzTest(maxDuration = "10m")
    void signedLinkVerifierNeverThrowsAndAcceptsOnlyTheSignedSpelling(FuzzedDataProvider data) {
        boolean ownPath = data.consumeBoolean();
        String path = ownPath ? "/share/a.pdf" : data.consumeString(64);
        String query = data.consumeRemainingAsString();
        LinkCheck check = SIGNER.verify(path, query, null);
        assertThat(check).isNotNull();
        if (check == LinkCheck.VALID) {
            assertThat(path + "?" + query).isEqualTo(SIGNED);
        }
    }

    /**
     * Any If-Match / If-None-Match list and any HTTP-date (If-Modified-Since, If-Unmodified-Since,
     * If-Range): never an exception; an entity-tag list matches only when it is {@code *} or names the
     * tag (strongly only without {@code W/}); a date parses to -1 (ignored) or to an instant that
     * formats and parses back to itself.
     */
    @FuzzTest(maxDuration = "10m")
    void conditionalHeadersMatchOnlyTheirTagAndDatesRoundTrip(FuzzedDataProvider data) {
        String etag = data.consumeBoolean() ? "\"1f-5e1a\"" : "W/\"1f-5e1a\"";
        boolean strong = data.consumeBoolean();
        String header = data.consumeString(256);
        boolean match = Rfc9110.etagMatches(header, etag, strong);
        if (match && !header.trim().equals("*")) {
            assertThat(header).contains("\"1f-5e1a\"");
            if (strong) {
                assertThat(etag).doesNotStartWith("W/");
            }
        }
        long date = Rfc9110.parseDate(data.consumeRemainingAsString());
        if (date != -1) {
            assertThat(Rfc9110.parseDate(Rfc9110.formatDate(date))).isEqualTo(date);
        }
    }
}
