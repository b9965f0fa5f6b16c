package io.portcullis.sendfile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Rfc9110Test {

    /** size 1000, cap 3. Expected: IGNORE, UNSATISFIABLE, or the ranges as first-last;… */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            bytes=0-9                 | 0-9
            bytes=10-                 | 10-999
            bytes=-100                | 900-999
            bytes=-5000               | 0-999
            bytes=990-5000            | 990-999
            bytes=0-0,-1              | 0-0;999-999
            bytes=500-599,0-99        | 500-599;0-99
            bytes=0-99,50-149         | 0-149
            bytes=0-99,100-199        | 0-199
            BYTES=1-2                 | 1-2
            bytes= 1-2 , 4-5          | 1-2;4-5
            bytes=1000-               | UNSATISFIABLE
            bytes=1000-2000,3000-     | UNSATISFIABLE
            bytes=-0                  | UNSATISFIABLE
            bytes=5-1                 | IGNORE
            bytes=abc                 | IGNORE
            bytes=1-2-3               | IGNORE
            items=0-9                 | IGNORE
            bytes                     | IGNORE
            bytes=-                   | IGNORE
            bytes=0-1,3-4,6-7,9-10    | IGNORE
            bytes=99999999999999999999-  | IGNORE
            """)
    void parsesRangeHeader(String header, String expected) {
        Rfc9110.Ranges r = Rfc9110.parseRanges(header, 1000, 3);
        String actual = switch (r.kind()) {
            case IGNORE -> "IGNORE";
            case UNSATISFIABLE -> "UNSATISFIABLE";
            case SATISFIABLE -> r.ranges().stream().map(x -> x.first() + "-" + x.last()).collect(Collectors.joining(";"));
        };
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void rangeOnAnEmptyFileIsIgnored() {
        // §14.1.1: only a suffix range could be satisfiable, and a 206 cannot describe zero bytes;
        // Tomcat's DefaultServlet, nginx, Apache and lighttpd all answer 200
        for (String h : new String[] {"bytes=0-", "bytes=0-0", "bytes=-5", "bytes=5-"}) {
            assertThat(Rfc9110.parseRanges(h, 0, 3).kind()).as(h).isEqualTo(Rfc9110.Ranges.Kind.IGNORE);
        }
        assertThat(Rfc9110.parseRanges("bytes=5-", 1, 3).kind()).isEqualTo(Rfc9110.Ranges.Kind.UNSATISFIABLE);
    }

    @Test
    void rangeCountCapCountsAfterCoalescing() {
        // 20 overlapping copies of the whole file collapse into one range, not 20 parts
        String many = "bytes=" + "0-,".repeat(19) + "0-";
        assertThat(Rfc9110.parseRanges(many, 1000, 3).ranges()).hasSize(1);
    }

    @ParameterizedTest(name = "{0} strong={2}")
    @CsvSource(delimiter = '|', textBlock = """
            "a-1"             | "a-1" | true  | true
            "x", "a-1"        | "a-1" | true  | true
            W/"a-1"           | "a-1" | true  | false
            W/"a-1"           | "a-1" | false | true
            *                 | "a-1" | true  | true
            "a-2"             | "a-1" | false | false
            a-1               | "a-1" | false | false
            """)
    void comparesEntityTags(String header, String etag, boolean strong, boolean matches) {
        assertThat(Rfc9110.etagMatches(header, etag, strong)).isEqualTo(matches);
    }

    @Test
    void formatsAndParsesAllThreeDateForms() {
        assertThat(Rfc9110.formatDate(784111777L)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
        assertThat(Rfc9110.parseDate("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(784111777L);
        assertThat(Rfc9110.parseDate("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(784111777L);
        assertThat(Rfc9110.parseDate("Sun Nov  6 08:49:37 1994")).isEqualTo(784111777L);
        assertThat(Rfc9110.parseDate("yesterday")).isEqualTo(-1);
    }
}
