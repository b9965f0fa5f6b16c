package io.portcullis.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import io.portcullis.core.Key;

/**
 * Writes {@code META-INF/spring-configuration-metadata.json} (Spring Boot's IDE metadata) from
 * {@link DeclaredKeys} (the key declarations every module registers with core), at build time
 * (exec-maven-plugin, phase process-classes): name, type, default, the doc line and the rule as
 * description, and the closed vocabularies as value hints, so completion in the IDE lists exactly
 * what the library accepts.
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
        List<String> hints = new ArrayList<>();
        for (Key<?> k : DeclaredKeys.ALL.values()) {
            String name = k.isFamily() ? k.name().substring(0, k.name().length() - 1) : k.name();
            String type = k.isFamily() ? "java.util.Map<java.lang.String,java.lang.String>" : type(k);
            StringBuilder p = new StringBuilder("    {\"name\": ").append(quote(name))
                    .append(", \"type\": ").append(quote(type))
                    .append(", \"sourceType\": ").append(quote("io.portcullis.boot.PortcullisAutoConfiguration"))
                    .append(", \"description\": ").append(quote(description(k)));
            if (!k.isFamily() && k.defaultText() != null && !k.defaultText().isEmpty()) {
                p.append(", \"defaultValue\": ").append(literal(type, k.defaultText()));
            }
            properties.add(p.append('}').toString());
            if (!k.allowedValues().isEmpty() && !type.equals("java.lang.Boolean")) {
                List<String> values = new ArrayList<>();
                for (String v : k.allowedValues()) {
                    values.add("{\"value\": " + quote(v) + "}");
                }
                hints.add("    {\"name\": " + quote(name) + ", \"values\": [" + String.join(", ", values) + "]}");
            }
        }
        return "{\n  \"groups\": [\n    {\"name\": \"portcullis\", \"type\": "
                + "\"io.portcullis.boot.PortcullisAutoConfiguration\", "
                + "\"description\": \"Portcullis hardening (io.portcullis), read by "
                + "portcullis-spring-boot-starter.\"}\n  ],\n"
                + "  \"properties\": [\n" + String.join(",\n", properties) + "\n  ],\n"
                + "  \"hints\": [\n" + String.join(",\n", hints) + "\n  ]\n}\n";
    }

    private static String description(Key<?> k) {
        String doc = k.doc() == null ? "" : k.doc().trim();
        String rule = k.rule() == null || k.rule().isBlank() ? "" : " Value " + k.rule() + ".";
        return doc + rule;
    }

    private static String type(Key<?> k) {
        return switch (k.type()) {
            case BOOLEAN -> "java.lang.Boolean";
            case INTEGER, DURATION -> k.valueType() == Integer.class ? "java.lang.Integer" : "java.lang.Long";
            case DECIMAL -> "java.lang.Double";
            default -> k.valueType() == java.util.List.class ? "java.util.List<java.lang.String>" : "java.lang.String";
        };
    }

    private static String literal(String type, String value) {
        boolean number = (type.equals("java.lang.Long") || type.equals("java.lang.Integer")
                || type.equals("java.lang.Double")) && value.matches("-?[0-9]+(\\.[0-9]+)?");
        return type.equals("java.lang.Boolean") && (value.equals("true") || value.equals("false"))
                || number ? value : quote(value);
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
