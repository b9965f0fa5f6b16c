package io.portcullis.checkup.site;

import io.portcullis.core.WireToken;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The software that answered, recognised from banners and behaviour so fix hints name settings
 * of that software: {@code Server} headers, error-page signatures, Spring Boot's error JSON and
 * Whitelabel page, and Portcullis' own {@code HOST_NOT_ALLOWED} problem answer to a forged Host.
 */
enum Stack implements WireToken {
    PORTCULLIS("Portcullis"), NGINX("nginx"), APACHE("Apache httpd"), TOMCAT("Tomcat"), JETTY("Jetty"),
    SPRING_BOOT("Spring Boot");

    private final String label;

    Stack(String label) {
        this.label = label;
    }

    @Override
    public String token() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    String label() {
        return label;
    }

    private static final Pattern SPRING_JSON = Pattern.compile(
            "\\{\\s*\"timestamp\"\\s*:.*\"status\"\\s*:\\s*\\d{3}.*\"error\"\\s*:.*\"path\"\\s*:", Pattern.DOTALL);

    /** Everything recognised in {@code answers}, front server first. */
    static Set<Stack> recognise(Collection<Response> answers) {
        Set<Stack> out = EnumSet.noneOf(Stack.class);
        for (Response r : answers) {
            if (r == null) {
                continue;
            }
            String server = String.join(" ", r.all("Server")).toLowerCase(Locale.ROOT);
            String body = r.body();
            if (server.contains("nginx") || body.contains("<center>nginx")) {
                out.add(NGINX);
            }
            if (server.contains("apache-coyote") || body.contains("Apache Tomcat")) {
                out.add(TOMCAT);
            } else if (server.startsWith("apache") || body.matches("(?s).*<address>Apache(/[^<]*)? Server at .*")) {
                out.add(APACHE);
            }
            if (server.contains("jetty") || body.contains("Powered by Jetty")) {
                out.add(JETTY);
            }
            if (body.contains("Whitelabel Error Page") || SPRING_JSON.matcher(body).find()) {
                out.add(SPRING_BOOT);
            }
            if (r.first("Content-Type").map(t -> t.startsWith("application/problem+json")).orElse(false)
                    && body.contains("\"HOST_NOT_ALLOWED\"")) {
                out.add(PORTCULLIS);
            }
        }
        return out;
    }

    static String describe(Set<Stack> stacks) {
        List<String> labels = new ArrayList<>();
        stacks.forEach(s -> labels.add(s.label()));
        return labels.isEmpty() ? "not recognised" : String.join(", ", labels);
    }
}
