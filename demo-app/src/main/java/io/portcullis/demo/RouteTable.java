package io.portcullis.demo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The single list of every route the demo answers. The {@link Router} serves only what is in
 * here, and the route-table test enumerates this same list, so a route cannot exist without
 * being tested for its protection.
 */
public final class RouteTable {

    private final List<Route> routes;

    private RouteTable(List<Route> routes) {
        this.routes = Collections.unmodifiableList(new ArrayList<>(routes));
    }

    /** A table of exactly these routes; a duplicate method + path is refused. */
    public static RouteTable of(List<Route> routes) {
        for (int i = 0; i < routes.size(); i++) {
            for (int j = i + 1; j < routes.size(); j++) {
                Route a = routes.get(i);
                Route b = routes.get(j);
                if (a.method() == b.method() && a.path().equals(b.path())) {
                    throw new IllegalArgumentException("duplicate route " + a.method() + " " + a.path());
                }
            }
        }
        return new RouteTable(routes);
    }

    /** Every route, in registration order. */
    public List<Route> routes() {
        return routes;
    }

    /** The first route whose path matches, for any method; with its parameters. */
    Match find(HttpMethod method, String path) {
        boolean pathKnown = false;
        List<HttpMethod> allowed = new ArrayList<>();
        for (Route r : routes) {
            Map<String, String> params = r.match(path);
            if (params != null) {
                pathKnown = true;
                allowed.add(r.method());
                if (r.method() == method) {
                    return new Match(r, params, allowed);
                }
            }
        }
        return pathKnown ? new Match(null, Map.of(), allowed) : null;
    }

    record Match(Route route, Map<String, String> params, List<HttpMethod> allowed) {
    }
}
