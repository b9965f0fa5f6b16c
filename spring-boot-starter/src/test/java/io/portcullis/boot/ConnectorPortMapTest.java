package io.portcullis.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.catalina.connector.Connector;
import org.junit.jupiter.api.Test;

/** The redirect port map derived from the connectors a Tomcat has. */
class ConnectorPortMapTest {

    static Connector connector(int port, boolean secure, int redirectPort) {
        Connector c = new Connector("HTTP/1.1");
        c.setPort(port);
        c.setSecure(secure);
        c.setScheme(secure ? "https" : "http");
        c.setRedirectPort(redirectPort);
        return c;
    }

    @Test
    void plainConnectorMapsToTheOnlyHttpsConnector() {
        assertThat(ConnectorPortMap.derive(new Connector[] {connector(8443, true, 0), connector(8080, false, 443)}))
                .isEqualTo(Map.of(8080, 8443));
    }

    @Test
    void plainConnectorKeepsItsRedirectPortWhenThatIsAnHttpsConnectorHere() {
        assertThat(ConnectorPortMap.derive(new Connector[] {connector(9443, true, 0), connector(8443, true, 0),
            connector(8080, false, 8443)})).isEqualTo(Map.of(8080, 8443));
    }

    @Test
    void withoutHttpsConnectorNothingIsDerived() {
        assertThat(ConnectorPortMap.derive(new Connector[] {connector(8080, false, 8443)})).isEmpty();
    }
}
