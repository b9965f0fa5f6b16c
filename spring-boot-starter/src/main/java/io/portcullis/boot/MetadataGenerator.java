package io.portcullis.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code META-INF/spring-configuration-metadata.json} (Spring Boot's IDE metadata) from
 * {@link DeclaredKeys}, at build time (exec-maven-plugin, phase process-classes): name, type,
 * default and a description for every key the starter reads, so completion in the IDE lists
 * exactly what the library accepts.
 */
final class MetadataGenerator {

    private MetadataGenerator() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, json(), StandardCharsets.UTF_8);
    }

    static String json() {
        List<String> properties = new ArrayList<>();
        for (DeclaredKeys.Key k : DeclaredKeys.ALL.values()) {
            StringBuilder p = new StringBuilder("    {\"name\": ").append(quote(k.name()))
                    .append(", \"type\": ").append(quote(type(k.defaultValue())))
                    .append(", \"sourceType\": ").append(quote("io.portcullis.boot.PortcullisAutoConfiguration"))
                    .append(", \"description\": ").append(quote(description(k)));
            if (k.defaultValue() != null && !k.defaultValue().isEmpty()) {
                p.append(", \"defaultValue\": ").append(literal(k.defaultValue()));
            }
            properties.add(p.append('}').toString());
        }
        return "{\n  \"groups\": [\n    {\"name\": \"portcullis\", \"type\": \"io.portcullis.boot.PortcullisAutoConfiguration\", "
                + "\"description\": \"Portcullis hardening (io.portcullis), read by portcullis-spring-boot-starter.\"}\n  ],\n"
                + "  \"properties\": [\n" + String.join(",\n", properties) + "\n  ]\n}\n";
    }

    private static String description(DeclaredKeys.Key k) {
        if (k.doc() != null) {
            return k.doc();
        }
        String page = k.module().equals("spring-boot") ? "spring-boot" : k.module();
        return "Portcullis " + k.module() + " setting; values and rules: docs/" + page + ".md.";
    }

    private static String type(String defaultValue) {
        if ("true".equals(defaultValue) || "false".equals(defaultValue)) {
            return "java.lang.Boolean";
        }
        if (defaultValue != null && defaultValue.matches("[0-9]{1,18}")) {
            return "java.lang.Long";
        }
        return "java.lang.String";
    }

    private static String literal(String value) {
        return "true".equals(value) || "false".equals(value) || value.matches("[0-9]{1,18}") ? value : quote(value);
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
