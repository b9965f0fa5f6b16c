package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Golden values: each server decodes %XX exactly once, so each name is encoded exactly once. */
class PathEncodingTest {

    @TempDir
    static Path root;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            report.pdf               | report.pdf
            a b.txt                  | a%20b.txt
            100%.txt                 | 100%25.txt
            what?.txt                | what%3F.txt
            hash#1.txt               | hash%231.txt
            plus+sign.txt            | plus%2Bsign.txt
            semi;colon.txt           | semi%3Bcolon.txt
            résumé.txt               | r%C3%A9sum%C3%A9.txt
            Б’quote.txt              | %D0%91%E2%80%99quote.txt
            already%20encoded.txt    | already%2520encoded.txt
            sub/dir/x y.txt          | sub/dir/x%20y.txt
            ~user-file_1.txt         | ~user-file_1.txt
            """)
    void encodesEachByteOnceKeepingSlashes(String name, String encoded) {
        assertThat(PathEncoding.encodePath(name)).isEqualTo(encoded);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NGINX    | /_portcullis_protected/sub/100%25%20r%C3%A9sum%C3%A9%3F.txt
            LIGHTTPD | /srv/files/sub/100%25%20r%C3%A9sum%C3%A9%3F.txt
            """)
    void headerValuePerServerIsPureAscii(Backend backend, String expected) {
        SendfilePolicy policy = SendfilePolicy.builder(root).backend(backend).apacheUnescape(true).build();
        String value = PathEncoding.headerValue(backend, policy, "/srv/files/sub/100% résumé?.txt", "sub/100% résumé?.txt");
        assertThat(value).isEqualTo(expected);
        assertThat(value.chars().allMatch(c -> c > 0x20 && c < 0x7f)).isTrue();
    }

    @Test
    void apacheWithModXsendfile012GetsRawUtf8BytesAsLatin1Chars() {
        SendfilePolicy policy = SendfilePolicy.builder(root).backend(Backend.APACHE).build();
        String path = "/srv/files/sub/100% résumé?#+Б.txt";
        String value = PathEncoding.headerValue(Backend.APACHE, policy, path, "sub/100% résumé?#+Б.txt");
        assertThat(value.getBytes(StandardCharsets.ISO_8859_1)).isEqualTo(path.getBytes(StandardCharsets.UTF_8));
        assertThat(value).startsWith("/srv/files/sub/100% r\u00c3\u00a9sum");
    }

    @Test
    void rawBytesRefuseControlCharactersSoNoHeaderCanBeInjected() {
        assertThat(PathEncoding.rawBytes("/srv/a\r\nX-Injected: 1")).isNull();
        assertThat(PathEncoding.rawBytes("/srv/a\u007f")).isNull();
        assertThat(PathEncoding.rawBytes("/srv/a b")).isEqualTo("/srv/a b");
    }
}
