package io.portcullis.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EmbeddedContainersTest {

    private static final String WEBAPP_XML = """
              <filter><filter-name>marker</filter-name>
                <filter-class>io.portcullis.testing.Fixtures$MarkerFilter</filter-class>
                <init-param><param-name>marker</param-name><param-value>from-web-xml</param-value></init-param>
              </filter>
              <filter-mapping><filter-name>marker</filter-name><url-pattern>/*</url-pattern></filter-mapping>
              <servlet><servlet-name>hello</servlet-name>
                <servlet-class>io.portcullis.testing.Fixtures$HelloServlet</servlet-class></servlet>
              <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>
              <servlet><servlet-name>props</servlet-name>
                <servlet-class>io.portcullis.testing.Fixtures$PropertiesServlet</servlet-class></servlet>
              <servlet-mapping><servlet-name>props</servlet-name><url-pattern>/props</url-pattern></servlet-mapping>
              <context-param><param-name>greeting</param-name><param-value>from-web-xml</param-value></context-param>
            """;

    private static final String FAILING_XML = """
              <filter><filter-name>failing</filter-name>
                <filter-class>io.portcullis.testing.Fixtures$FailingFilter</filter-class></filter>
              <filter-mapping><filter-name>failing</filter-name><url-pattern>/*</url-pattern></filter-mapping>
            """;

    private static SelfSignedCertificate cert;
    private static HttpClient client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void certificate() {
        cert = SelfSignedCertificate.shared();
        client = TrustingClient.trusting(cert);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void servletAnswersOverHttpAndHttps(ServletContainer container) throws Exception {
        try (TestServer server = container.builder()
                .servlet("hello", new Fixtures.HelloServlet(), "/hello")
                .https(cert)
                .start()) {
            assertThat(server.http().toString()).isEqualTo("http://127.0.0.1:" + server.httpPort());
            assertThat(server.https().toString()).isEqualTo("https://127.0.0.1:" + server.httpsPort());
            assertThat(server.httpPort()).isNotEqualTo(server.httpsPort()).isPositive();

            HttpResponse<String> plain = get(server.http("/hello"));
            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.body()).startsWith("hello secure=false");

            HttpResponse<String> tls = get(server.https("/hello"));
            assertThat(tls.statusCode()).isEqualTo(200);
            assertThat(tls.body()).startsWith("hello secure=true");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void portsAreClosedAfterClose(ServletContainer container) throws Exception {
        URI uri;
        try (TestServer server = container.builder().servlet("hello", new Fixtures.HelloServlet(), "/hello").start()) {
            uri = server.http("/hello");
            assertThat(get(uri).statusCode()).isEqualTo(200);
        }
        assertThatThrownBy(() -> get(uri)).isInstanceOf(ConnectException.class);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void httpsWithoutCertificateThrows(ServletContainer container) {
        try (TestServer server = container.builder().start()) {
            assertThatThrownBy(server::https).isInstanceOf(IllegalStateException.class).hasMessageContaining("https(");
            assertThatThrownBy(server::httpsPort).isInstanceOf(IllegalStateException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void filterInitParamsArriveAndFilterRunsForEveryDispatch(ServletContainer container) throws Exception {
        try (TestServer server = container.builder()
                .contextPath("/app")
                .filter("marker", new Fixtures.MarkerFilter(), "/*", Map.of("marker", "m-1"))
                .servlet("hello", new Fixtures.HelloServlet(), "/hello")
                .servlet("missing", new Fixtures.MissingServlet(), "/missing")
                .servlet("error", new Fixtures.ErrorServlet(), "/error")
                .errorPage(404, "/error")
                .contextParam("greeting", "hi")
                .listener(new Fixtures.MarkingListener())
                .start()) {
            HttpResponse<String> ok = get(server.http("/app/hello"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().allValues("X-Marker")).containsExactly("m-1");
            assertThat(ok.body()).isEqualTo("hello secure=false ctx=/app param=hi");
            assertThat(server.servletContext().getAttribute("listener")).isEqualTo("ran");

            HttpResponse<String> error = get(server.http("/app/missing"));
            assertThat(error.statusCode()).isEqualTo(404);
            assertThat(error.body()).isEqualTo("custom error 404");
            // REQUEST dispatch and ERROR dispatch both passed the filter
            assertThat(error.headers().allValues("X-Marker")).contains("m-1");

            assertThat(get(server.http("/hello")).statusCode()).isEqualTo(404);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void serverHeaderIsTheContainerDefault(ServletContainer container) throws Exception {
        try (TestServer server = container.builder().servlet("hello", new Fixtures.HelloServlet(), "/hello").start()) {
            HttpResponse<String> r = get(server.http("/hello"));
            assertThat(server.container()).isEqualTo(container);
            if (container == ServletContainer.JETTY) {
                assertThat(r.headers().firstValue("Server")).hasValueSatisfying(v -> assertThat(v).startsWith("Jetty("));
            } else {
                assertThat(r.headers().firstValue("Server")).isEmpty();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void encodedSlashIsRefusedByTheContainerBeforeAnyFilter(ServletContainer container) throws Exception {
        try (TestServer server = container.builder()
                .filter("marker", new Fixtures.MarkerFilter(), "/*", Map.of("marker", "seen"))
                .servlet("hello", new Fixtures.HelloServlet(), "/*")
                .start()) {
            HttpResponse<String> r = get(server.http("/a%2Fb"));
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.headers().allValues("X-Marker")).isEmpty();
            assertThat(get(server.http("/a/b")).statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void forgedHostOverTlsIsRefusedByJettySniCheckButReachesTomcat(ServletContainer container) throws Exception {
        try (TestServer server = container.builder()
                .filter("marker", new Fixtures.MarkerFilter(), "/*", Map.of("marker", "seen"))
                .servlet("hello", new Fixtures.HelloServlet(), "/hello").https(cert).start()) {
            HttpResponse<String> forged = client.send(HttpRequest.newBuilder(server.https("/hello"))
                    .header("Host", "evil.example").build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> plain = client.send(HttpRequest.newBuilder(server.http("/hello"))
                    .header("Host", "evil.example").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(plain.statusCode()).isEqualTo(200);
            if (container == ServletContainer.JETTY) {
                // Jetty's default SecureRequestCustomizer (sniHostCheck=true) checks Host against the certificate
                assertThat(forged.statusCode()).isEqualTo(400);
                assertThat(forged.body()).contains("Invalid SNI");
                assertThat(forged.headers().allValues("X-Marker")).isEmpty();
            } else {
                assertThat(forged.statusCode()).isEqualTo(200);
                assertThat(forged.headers().allValues("X-Marker")).containsExactly("seen");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void listenerFailingMakesStartThrow(ServletContainer container) {
        assertThatThrownBy(() -> container.builder()
                .listener(new jakarta.servlet.ServletContextListener() {
                    @Override
                    public void contextInitialized(jakarta.servlet.ServletContextEvent event) {
                        throw new IllegalArgumentException("listener refused");
                    }
                })
                .start())
                .isInstanceOf(IllegalStateException.class)
                .hasStackTraceContaining("listener refused");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void webappWithUnknownFilterClassMakesStartThrow(ServletContainer container) throws Exception {
        Path dir = Fixtures.webapp(tmp.resolve("typo"), FAILING_XML.replace("FailingFilter", "FailingFiltre"), null);
        assertThatThrownBy(() -> container.builder().webapp(dir).start())
                .isInstanceOf(IllegalStateException.class)
                .hasStackTraceContaining("FailingFiltre");
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void initializerRunsWithItsClasses(ServletContainer container) {
        AtomicReference<Set<Class<?>>> seen = new AtomicReference<>();
        try (TestServer server = container.builder()
                .initializer((classes, ctx) -> {
                    seen.set(classes);
                    ctx.setAttribute("sci", "ran");
                }, Set.of(String.class))
                .start()) {
            assertThat(seen.get()).containsExactly(String.class);
            assertThat(server.servletContext().getAttribute("sci")).isEqualTo("ran");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void filterFailingInInitMakesStartThrow(ServletContainer container) {
        assertThatThrownBy(() -> container.builder()
                .filter("failing", new Fixtures.FailingFilter(), "/*")
                .servlet("hello", new Fixtures.HelloServlet(), "/hello")
                .start())
                .isInstanceOf(IllegalStateException.class)
                .hasStackTraceContaining(Fixtures.FailingFilter.MESSAGE);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void webappDirectoryDeploysWithWebXmlAndProperties(ServletContainer container) throws Exception {
        Path dir = Fixtures.webapp(tmp.resolve("app"), WEBAPP_XML, "portcullis.test.key=webapp\n");
        try (TestServer server = container.builder().contextPath("/shop").webapp(dir).https(cert).start()) {
            HttpResponse<String> hello = get(server.https("/shop/hello"));
            assertThat(hello.statusCode()).isEqualTo(200);
            assertThat(hello.headers().allValues("X-Marker")).containsExactly("from-web-xml");
            assertThat(hello.body()).isEqualTo("hello secure=true ctx=/shop param=from-web-xml");

            assertThat(get(server.http("/shop/props")).body()).isEqualTo("portcullis.test.key=webapp\n");
            HttpResponse<String> file = get(server.http("/shop/static.txt"));
            assertThat(file.statusCode()).isEqualTo(200);
            assertThat(file.body()).isEqualTo("static file");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void webappFilterFailingInInitMakesStartThrow(ServletContainer container) throws Exception {
        Path dir = Fixtures.webapp(tmp.resolve("bad"), FAILING_XML, null);
        assertThatThrownBy(() -> container.builder().webapp(dir).start())
                .isInstanceOf(IllegalStateException.class)
                .hasStackTraceContaining(Fixtures.FailingFilter.MESSAGE);
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void webappRunsInitializerListedInMetaInfServices(ServletContainer container) throws Exception {
        Path dir = Fixtures.webapp(tmp.resolve("sci"), WEBAPP_XML, null);
        try (TestServer server = container.builder().webapp(dir).start()) {
            HttpResponse<String> sci = get(server.http("/sci"));
            assertThat(sci.statusCode()).isEqualTo(200);
            assertThat(sci.body()).isEqualTo("sci ran");
        }
    }

    @ParameterizedTest
    @EnumSource(ServletContainer.class)
    void containerLeavesNoTemporaryFiles(ServletContainer container) throws Exception {
        Path dir = Fixtures.webapp(tmp.resolve("app"), WEBAPP_XML, null);
        Path scratch;
        try (TestServer server = container.builder().webapp(dir).start()) {
            assertThat(get(server.http("/hello")).statusCode()).isEqualTo(200);
            scratch = server instanceof EmbeddedTomcat t
                    ? t.tomcat().getServer().getCatalinaBase().toPath()
                    : ((org.eclipse.jetty.ee10.webapp.WebAppContext) ((EmbeddedJetty) server).jetty().getHandler())
                            .getTempDirectory().toPath();
            assertThat(scratch).exists().startsWith(Path.of(System.getProperty("java.io.tmpdir")));
        }
        assertThat(scratch).doesNotExist();
        assertThat(dir.resolve("WEB-INF/web.xml")).exists(); // the deployed directory itself is left alone
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
