package io.portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentDispositionTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "report.pdf             | attachment; filename=\"report.pdf\"",
            "q3 report.pdf          | attachment; filename=\"q3 report.pdf\"",
            "résumé.pdf             | attachment; filename=\"resume.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf",
            "`a\"b;c.txt`           | attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%3Bc.txt",
            "../../etc/passwd       | attachment; filename=\"passwd\"",
            "100%.txt               | attachment; filename=\"100_.txt\"; filename*=UTF-8''100%25.txt",
            "日本.txt               | attachment; filename=\"__.txt\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.txt",
    })
    void encodesEveryNameWithoutInjection(String name, String header) {
        assertThat(ContentDisposition.attachment(name)).isEqualTo(header);
    }

    @Test
    void longNameIsCutTo255Utf8BytesKeepingItsExtensionSoTheHeaderStaysSmall() {
        String huge = "\uFDFA".repeat(400) + ".pdf"; // NFKD: 18 characters each
        String header = ContentDisposition.attachment(huge);
        assertThat(header.length()).isLessThan(1100);
        String encoded = header.substring(header.indexOf("UTF-8''") + 7);
        String carried = java.net.URLDecoder.decode(encoded, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(carried).isEqualTo("\uFDFA".repeat(83) + ".pdf"); // 83 * 3 + 4 = 253 bytes
        String fallback = header.substring(header.indexOf('"') + 1, header.indexOf('"', header.indexOf('"') + 1));
        assertThat(fallback).hasSize(255).endsWith("_.pdf").matches("[_ ]+\\.pdf"); // NFKD of U+FDFA has spaces
        // control: a name of exactly 255 bytes is carried whole
        String max = "日".repeat(83) + "ab.pdf"; // 249 + 6
        assertThat(ContentDisposition.attachment(max)).endsWith("%E6%97%A5".repeat(83) + "ab.pdf");
        assertThat(ContentDisposition.attachment("x".repeat(300))).isEqualTo("attachment; filename=\"" + "x".repeat(255) + "\"");
    }

    @Test
    void controlCharactersCannotSplitTheHeader() {
        assertThat(ContentDisposition.inline("x\r\nSet-Cookie: a=b.txt"))
                .isEqualTo("inline; filename=\"xSet-Cookie: a=b.txt\"");
    }
}
