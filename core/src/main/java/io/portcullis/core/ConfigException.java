package io.portcullis.core;

/**
 * A configuration problem found at startup: an unknown key, a bad value or a contradiction.
 * The message names the key, quotes the offending value and says what is allowed.
 */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /**
     * The one shape of a bad-value message, whatever the source:
     * {@code <key> <rule>; got "<value>"}, plus {@code " (from <origin>)"} when the value came
     * from a named source rather than code, and {@code " (value not shown)"} instead of the value
     * for a secret. Every Portcullis module builds its bad-value messages here (through
     * {@link Key}).
     */
    public static ConfigException badValue(String key, String rule, String value, String origin, boolean secret) {
        return from(new ConfigException(key + " " + rule + (secret ? " (value not shown)" : "; got " + quote(value))),
                origin);
    }

    /** {@code e} with {@code " (from <origin>)"} appended, for a check that failed on a value from a named source. */
    public static ConfigException from(ConfigException e, String origin) {
        String from = origin == null || "code".equals(origin) || "default".equals(origin) ? ""
                : " (from " + origin + ")";
        return from.isEmpty() || e.getMessage().endsWith(from) ? e : new ConfigException(e.getMessage() + from);
    }

    /** Quotes a value for a message, escaping control characters so the log line stays one line. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
