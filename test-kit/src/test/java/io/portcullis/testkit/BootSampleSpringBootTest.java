package io.portcullis.testkit;

import io.portcullis.testkit.sample.boot.BootSampleApp;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The kit in a {@code @SpringBootTest}, exactly as docs/test-kit.md shows it to Spring Boot users:
 * the running application's servlet context and port, the reviewed decisions, one dynamic test
 * per route.
 */
@SpringBootTest(classes = BootSampleApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext // the sample's other test classes start their own; do not keep this one in Spring's context cache
class BootSampleSpringBootTest {

    @LocalServerPort
    int port;

    @Autowired
    ServletContext servletContext;

    @TestFactory
    List<DynamicTest> everyRouteIsDecided() {
        return RouteAudit.of(URI.create("http://localhost:" + port), servletContext)
                .filterRoutes("POST /login", "POST /logout")          // answered by Spring Security's filter chain
                .publicRoutes("GET /", "GET /login", "POST /login", "POST /logout", "GET /account/signup",
                        "GET /api/status", "GET /error", "POST /error")
                .example("/api/orders/{id}", "/api/orders/42")
                .example("/**", "/robots.txt").example("/webjars/**", "/webjars/app.js")   // Boot's resource handlers
                .loginPage("/login").tokenPage("/login")
                .dynamicTests();
    }
}
