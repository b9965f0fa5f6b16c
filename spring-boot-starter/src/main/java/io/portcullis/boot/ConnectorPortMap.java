package io.portcullis.boot;

import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;

/**
 * Derives the HTTPS redirect port map from the connectors the embedded Tomcat really opened
 * ({@code server.port}, {@code server.ssl.*} and any extra connector the application added):
 * every plain-HTTP connector maps to its {@code redirectPort} when that is an HTTPS connector of
 * this server, else to the first HTTPS connector. An explicit {@code portcullis.https.port-map}
 * is left alone, and so is a server without an HTTPS connector (TLS ends in front of it).
 *
 * <p>Listens for Boot's {@code WebServerInitializedEvent} by name, because the class moved package
 * between Boot 3.5 and 4.0.
 */
final class ConnectorPortMap implements ApplicationListener<ApplicationEvent> {

    private static final System.Logger LOG = System.getLogger(ConnectorPortMap.class.getName());

    private final HardeningFilterDelegate filter;
    private final boolean explicit;

    ConnectorPortMap(HardeningFilterDelegate filter, boolean explicit) {
        this.filter = filter;
        this.explicit = explicit;
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (explicit || !event.getClass().getName().endsWith("WebServerInitializedEvent")) {
            return;
        }
        Tomcat tomcat = tomcatOf(event);
        if (tomcat == null) {
            return;
        }
        Map<Integer, Integer> derived = derive(tomcat.getService().findConnectors());
        if (derived.isEmpty()) {
            return;
        }
        Map<Integer, Integer> map = new LinkedHashMap<>(filter.policy().portMap());
        map.putAll(derived);
        try {
            filter.replace(filter.policy().toBuilder().portMap(map).build());
        } catch (jakarta.servlet.ServletException e) {
            throw new IllegalStateException(e);
        }
        LOG.log(Level.INFO,
                "Portcullis: HTTPS redirect port map from Tomcat's connectors: " + filter.policy().portMap());
    }

    /** Plain port → HTTPS port, from the connectors' real (local) ports. */
    static Map<Integer, Integer> derive(Connector[] connectors) {
        TreeSet<Integer> secure = new TreeSet<>();
        Integer firstSecure = null;
        for (Connector c : connectors) {
            if (c.getSecure() || "https".equalsIgnoreCase(c.getScheme())) {
                int port = port(c);
                secure.add(port);
                if (firstSecure == null) {
                    firstSecure = port;
                }
            }
        }
        Map<Integer, Integer> out = new LinkedHashMap<>();
        if (firstSecure == null) {
            return out;
        }
        for (Connector c : connectors) {
            if (!(c.getSecure() || "https".equalsIgnoreCase(c.getScheme())) && port(c) > 0) {
                out.put(port(c), secure.contains(c.getRedirectPort()) ? c.getRedirectPort() : firstSecure);
            }
        }
        return out;
    }

    private static int port(Connector c) {
        return c.getLocalPort() > 0 ? c.getLocalPort() : c.getPort();
    }

    private static Tomcat tomcatOf(ApplicationEvent event) {
        try {
            Object server = event.getClass().getMethod("getWebServer").invoke(event);
            Object tomcat = server.getClass().getMethod("getTomcat").invoke(server);
            return tomcat instanceof Tomcat t ? t : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // not Tomcat: the configured or default map stays
        }
    }
}
