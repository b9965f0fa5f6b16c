package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForwardedHeaderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            for=192.0.2.60;proto=http;by=203.0.113.43               | [{for=192.0.2.60, proto=http, by=203.0.113.43}]
            For="[2001:db8:cafe::17]:4711"                           | [{for=[2001:db8:cafe::17]:4711}]
            for=192.0.2.43, for=198.51.100.17                        | [{for=192.0.2.43}, {for=198.51.100.17}]
            for=192.0.2.43,for=198.51.100.17;proto=https             | [{for=192.0.2.43}, {for=198.51.100.17, proto=https}]
            PROTO=HTTPS;HOST=example.com                             | [{proto=HTTPS, host=example.com}]
            for=unknown                                              | [{for=unknown}]
            for=_hidden;host="a.example:8443"                        | [{for=_hidden, host=a.example:8443}]
            for="\\"quoted\\""                                       | [{for="quoted"}]
            `  for=1.2.3.4 ;  proto=https  `                         | [{for=1.2.3.4, proto=https}]
            """)
    void parseWhenWellFormedThenElementsInOrder(String header, String expected) {
        List<Map<String, String>> parsed = ForwardedHeader.parse(List.of(header));
        assertThat(parsed).isNotNull();
        assertThat(parsed.toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "malformed: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            for
            for=
            =1.2.3.4
            for=1.2.3.4;for=5.6.7.8
            for="unterminated
            for=1.2.3.4 proto=https
            for=1.2.3.4;;
            ;
            `for=1.2.3.4,`
            """)
    void parseWhenMalformedThenNull(String header) {
        assertThat(ForwardedHeader.parse(List.of(header))).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            192.0.2.60            | 192.0.2.60
            192.0.2.60:4711       | 192.0.2.60
            [2001:db8::17]:4711   | 2001:db8::17
            [2001:db8::17]        | 2001:db8::17
            unknown               |
            _hidden               |
            example.com           |
            """)
    void nodeAddressWhenLiteralThenAddressElseNull(String node, String expected) {
        assertThat(ForwardedHeader.nodeAddress(node)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "multiple fields joined: {0}")
    @CsvSource(delimiter = '|', textBlock = """
            for=1.1.1.1 | for=2.2.2.2 | [{for=1.1.1.1}, {for=2.2.2.2}]
            """)
    void parseWhenSeveralFieldsThenConcatenated(String a, String b, String expected) {
        assertThat(ForwardedHeader.parse(List.of(a, b)).toString()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "elements: {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            garbage, for=1.2.3.4                                     | [null, {for=1.2.3.4}]
            `for=1.2.3.4,`                                           | [{for=1.2.3.4}, null]
            `for="a,b";proto=https, for=2.2.2.2`                     | [{for=a,b, proto=https}, {for=2.2.2.2}]
            `for="\\",x", for=2.2.2.2`                             | [{for=",x}, {for=2.2.2.2}]
            for=1;for=2,for=3                                        | [null, {for=3}]
            `for="unterminated, for=2.2.2.2`                         | [null, {for=2.2.2.2}]
            `for="x, for="[::1]";proto=https`                        | [null, {for=[::1], proto=https}]
            `for="x`                                                 | [null]
            `for="x\\`                                              | [null]
            """)
    void elementsWhenSomeMalformedThenEachParsedOnItsOwn(String header, String expected) {
        assertThat(String.valueOf(ForwardedHeader.elements(List.of(header)))).isEqualTo(expected);
    }
}
