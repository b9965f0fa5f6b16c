package io.portcullis.filters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    @ParameterizedTest(name = "{0} contains {1} = {2}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8        | 10.1.2.3          | true
            10.0.0.0/8        | 11.0.0.1          | false
            127.0.0.1/32      | 127.0.0.1         | true
            127.0.0.1/32      | 127.0.0.2         | false
            127.0.0.1         | 127.0.0.1         | true
            0.0.0.0/0         | 203.0.113.9       | true
            192.168.0.0/16    | 192.169.0.1       | false
            ::1/128           | ::1               | true
            ::1               | 0:0:0:0:0:0:0:1   | true
            ::1/128           | 127.0.0.1         | false
            2001:db8::/32     | 2001:db8:1::5     | true
            2001:db8::/32     | 2001:db9::5       | false
            fc00::/7          | fd12:3456::1      | true
            10.0.0.0/8        | ::ffff:10.0.0.1   | true
            10.0.0.0/8        | [::ffff:10.0.0.1] | true
            fe80::/10         | fe80::1%eth0      | true
            10.0.0.0/8        | unknown           | false
            10.0.0.0/8        | localhost         | false
            10.0.0.0/8        | 10.0.0.1:8080     | false
            10.0.0.0/8        | ''                | false
            """)
    void containsWhenAddressInNetworkThenTrue(String cidr, String address, boolean expected) {
        assertThat(Cidr.parse(cidr).contains(address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.1/8        | host bits are set; the network is 10.0.0.0/8
            10.0.0.0/33       | prefix length must be an integer in [0, 32]
            ::/129            | prefix length must be an integer in [0, 128]
            10.0.0.0/-1       | prefix length must be an integer in [0, 32]
            10.0.0.0/         | prefix length must be an integer in [0, 32]
            example.com/24    | not an IPv4 or IPv6 address literal
            localhost         | not an IPv4 or IPv6 address literal
            256.0.0.0/8       | not an IPv4 or IPv6 address literal
            010.0.0.0/8       | not an IPv4 or IPv6 address literal
            1.2.3/24          | not an IPv4 or IPv6 address literal
            *                 | not an IPv4 or IPv6 address literal
            """)
    void parseWhenInvalidThenSaysWhy(String text, String message) {
        assertThatIllegalArgumentException().isThrownBy(() -> Cidr.parse(text)).withMessage(message);
    }
}
