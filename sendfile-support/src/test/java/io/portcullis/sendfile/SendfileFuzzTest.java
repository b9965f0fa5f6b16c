package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;

/**
 * Fuzz targets for the attacker-controlled inputs of sendfile-support: {@code Range} headers and
 * signed-link query strings. {@code mvn verify} replays the stored inputs; {@code JAZZER_FUZZ=1}
 * fuzzes (docs/fuzzing.md).
 */
class SendfileFuzzTest {

    private static final UrlSignerTest.MutableClock CLOCK = new UrlSignerTest.MutableClock();
    private static final UrlSigner SIGNER = UrlSigner.builder().key("k1", UrlSignerTest.K1).clock(CLOCK).build();
    private static final String SIGNED = SIGNER.link("/share/a.pdf").expiresIn(Duration.ofHours(1)).sign();

    /** Any Range header and file size: every range answered lies inside the file, in order, without overlap. */
    @FuzzTest(maxDuration = "10m")
    void rangesNeverCoverBytesOutsideTheFile(FuzzedDataProvider data) {
        long size = data.consumeLong(0, 1L << 40);
        int max = data.consumeInt(1, 16);
        Rfc9110.Ranges r = Rfc9110.parseRanges(data.consumeRemainingAsString(), size, max);
        assertThat(r.ranges().size()).isLessThanOrEqualTo(max);
        long previousLast = -1;
        for (Rfc9110.Range range : r.ranges()) {
            assertThat(range.first()).isGreaterThan(previousLast).isLessThanOrEqualTo(range.last());
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
}
