package io.portcullis.testkit;

import io.portcullis.testing.ServletContainer;
import io.portcullis.testing.TestServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 way, as a user writes it: one dynamic test per route. */
class ExtensionTest {

    private static TestServer server;

    @RegisterExtension
    static RouteAuditExtension routes = new RouteAuditExtension(() -> RouteAudit.of(server.http(), server.servletContext())
            .publicRoutes("GET /", "POST /", "GET /login", "POST /login")
            .example("*.do", "/delete.do")
            .loginPage("/login")
            .tokenPage("/login"));

    @BeforeAll
    static void start() {
        server = ServletApp.start(ServletContainer.JETTY, true);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @TestFactory
    List<DynamicTest> everyRouteIsDecided(RouteAudit audit) {
        return audit.dynamicTests();
    }
}
