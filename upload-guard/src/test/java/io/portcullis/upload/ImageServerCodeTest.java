package io.portcullis.upload;

import static io.portcullis.upload.CodeSamples.ECHO_TAG;
import static io.portcullis.upload.CodeSamples.SHORT_TAG;
import static io.portcullis.upload.CodeSamples.control;
import static io.portcullis.upload.Samples.ascii;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 9 point 5: server-side code hidden in every place of every image format (and media,
 * text and PDF) is refused; each attack beside its control, the same file with harmless text of
 * the same length in the same place, which is accepted.
 */
class ImageServerCodeTest {

    static final UploadPolicy POLICY = UploadPolicy.allowing("png", "gif", "jpg", "webp", "bmp", "tiff", "heic",
            "avif", "psd", "mp3", "txt", "pdf");

    /** {@code hidden}: the payload is not in the raw bytes, only in a decompressed stream. */
    record Place(String what, String name, Function<String, byte[]> make, String payload, boolean hidden) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Place> places() {
        List<Place> p = new ArrayList<>();
        p.add(new Place("PNG private chunk prVt", "x.png",
                t -> Samples.pngWithChunk("prVt", ascii(t)), SHORT_TAG, false));
        p.add(new Place("PNG eXIf chunk", "x.png", t -> Samples.pngWithChunk("eXIf", ascii("MM\0*\0\0\0\b" + t)),
                ECHO_TAG, false));
        p.add(new Place("PNG zTXt chunk (compressed)", "x.png",
                t -> Samples.pngWithChunk("zTXt", CodeSamples.compressedText("Comment", t)), SHORT_TAG, true));
        p.add(new Place("PNG iTXt chunk (compressed)", "x.png",
                t -> Samples.pngWithChunk("iTXt", CodeSamples.compressedITxt(t)), ECHO_TAG, true));
        p.add(new Place("PNG iCCP chunk (compressed profile)", "x.png",
                t -> Samples.pngWithChunk("iCCP", CodeSamples.compressedText("ICC", t)), SHORT_TAG, true));
        p.add(new Place("PNG palette (PLTE)", "x.png", CodeSamples::pngPalette, ECHO_TAG, false));
        p.add(new Place("PNG IDAT stored (survives re-compression)", "x.png", t -> CodeSamples.pngPixels(t, 0),
                SHORT_TAG, false));
        p.add(new Place("PNG IDAT pixels (visible inflated)", "x.png", t -> CodeSamples.pngPixels(t, 9),
                SHORT_TAG, true));
        p.add(new Place("GIF extension with label 0x99", "x.gif", t -> CodeSamples.gifExtension(0x99, t, 255),
                SHORT_TAG, false));
        p.add(new Place("GIF comment split across sub-blocks", "x.gif", t -> CodeSamples.gifExtension(0xFE, t, 7),
                SHORT_TAG, true));
        p.add(new Place("GIF plain-text extension", "x.gif", t -> CodeSamples.gifExtension(0x01, t, 255),
                ECHO_TAG, false));
        p.add(new Place("GIF global palette", "x.gif", CodeSamples::gifPalette, ECHO_TAG, false));
        p.add(new Place("GIF image data (LZW-decoded)", "x.gif", CodeSamples::gifPixels, SHORT_TAG, true));
        p.add(new Place("GIF image data sub-blocks (raw)", "x.gif", CodeSamples::gifRawImageData, SHORT_TAG,
                false));
        p.add(new Place("JPEG APP1 segment", "x.jpg", t -> CodeSamples.jpegSegment(0xE1, t), SHORT_TAG, false));
        p.add(new Place("JPEG APP13 segment", "x.jpg", t -> CodeSamples.jpegSegment(0xED, t), ECHO_TAG, false));
        p.add(new Place("JPEG quantisation table (DQT)", "x.jpg", CodeSamples::jpegQuantTable, ECHO_TAG, false));
        p.add(new Place("JPEG entropy-coded scan data", "x.jpg", CodeSamples::jpegScanData, SHORT_TAG, false));
        p.add(new Place("WebP unknown chunk", "x.webp", t -> CodeSamples.webpChunk("XPHP", t), SHORT_TAG, false));
        p.add(new Place("HEIC free box", "x.heic", CodeSamples::heicBox, ECHO_TAG, false));
        p.add(new Place("BMP pixel data", "x.bmp", CodeSamples::bmpPixels, SHORT_TAG, false));
        p.add(new Place("TIFF pixel data", "x.tiff", CodeSamples::tiffPixels, SHORT_TAG, false));
        p.add(new Place("TIFF strip compressed with Deflate (zlib)", "x.tiff",
                t -> CodeSamples.tiffCompressed(t, "Deflate"), SHORT_TAG, true));
        p.add(new Place("TIFF strip compressed with LZW", "x.tiff", t -> CodeSamples.tiffCompressed(t, "LZW"),
                SHORT_TAG, true));
        p.add(new Place("PSD image data RLE (PackBits)", "x.psd", t -> CodeSamples.psd(t, true, null), SHORT_TAG,
                true));
        p.add(new Place("PSD image data raw", "x.psd", t -> CodeSamples.psd(t, false, null), ECHO_TAG, false));
        p.add(new Place("PSD image resource block", "x.psd", t -> CodeSamples.psd("plain pixels", true, t), ECHO_TAG,
                false));
        p.add(new Place("AVIF free box", "x.avif", CodeSamples::avifBox, SHORT_TAG, false));
        p.add(new Place("MP3 ID3 TXXX frame", "x.mp3", CodeSamples::mp3, SHORT_TAG, false));
        p.add(new Place("text file with a PHP short-tag block", "x.txt",
                t -> ascii("Meeting notes\n" + t + "\nend\n"), SHORT_TAG, false));
        return p.stream();
    }

    static Verdict inspect(byte[] bytes, String name) throws Exception {
        return new UploadGuard(POLICY).inspect(new ByteArrayInputStream(bytes), name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("places")
    void serverCodeThereIsRefused(Place place) throws Exception {
        byte[] attack = place.make().apply(place.payload());
        boolean raw = new String(attack, StandardCharsets.ISO_8859_1).contains(place.payload());
        assertThat(raw).as("payload in the raw bytes").isEqualTo(!place.hidden());
        Verdict v = inspect(attack, place.name());
        assertThat(v.reasons()).as(v.toString()).contains(Reason.SERVER_CODE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("places")
    void harmlessTextInTheSamePlaceIsAccepted(Place place) throws Exception {
        Verdict v = inspect(place.make().apply(control(place.payload())), place.name());
        assertThat(v.accepted()).as(v.toString()).isTrue();
    }
}
