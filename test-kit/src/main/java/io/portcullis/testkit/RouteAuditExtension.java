package io.portcullis.testkit;

import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The JUnit 5 face of {@link RouteAudit}: builds the audit once per test class, after the class
 * started its server, hands it to test methods as a parameter, and fails the class when no test
 * ever ran it — a registered but forgotten audit is the "happy-path only" trap again.
 *
 * <pre>{@code
 * @RegisterExtension
 * static RouteAuditExtension routes = new RouteAuditExtension(() -> RouteAudit.of(server.http(), server.servletContext())
 *         .publicRoutes("GET /", "GET /login", "POST /login").loginPage("/login"));
 *
 * @TestFactory
 * List<DynamicTest> everyRouteIsDecided(RouteAudit audit) {
 *     return audit.dynamicTests();
 * }
 * }</pre>
 */
public final class RouteAuditExtension implements ParameterResolver, AfterAllCallback {

    private final Supplier<RouteAudit> factory;
    private RouteAudit audit;

    public RouteAuditExtension(Supplier<RouteAudit> factory) {
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** The audit (built on first use). */
    public synchronized RouteAudit audit() {
        if (audit == null) {
            audit = Objects.requireNonNull(factory.get(), "the RouteAudit factory returned null");
        }
        return audit;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == RouteAudit.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return audit();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        boolean ran = audit != null && audit.ran();
        audit = null;
        if (!ran) {
            throw new AssertionError(context.getDisplayName() + " registers RouteAuditExtension but no test ran the audit:"
                    + " call audit.verify() or return audit.dynamicTests() from a @TestFactory");
        }
    }
}
