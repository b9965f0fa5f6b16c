package io.portcullis.core;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A closed vocabulary value that carries its exact token on the wire or in configuration
 * ({@code SameSite=Lax}, {@code strict-origin-when-cross-origin}, {@code nginx}).
 * Enums implement it; {@link #lookup} is the one place a token becomes a value.
 */
public interface WireToken {

    /** The exact token, as written in headers and configuration. */
    String token();

    /**
     * Finds the constant whose token equals {@code value} (ASCII case-insensitive).
     *
     * @param what names the setting in the error message, e.g. a config key
     * @throws ConfigException naming {@code what}, quoting {@code value} and listing the allowed tokens
     */
    static <E extends Enum<E> & WireToken> E lookup(Class<E> type, String what, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.token().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw ConfigException.badValue(what, "must be one of " + allowed(type), value, "code", false);
    }

    /** The allowed tokens of {@code type}, comma separated, for messages. */
    static <E extends Enum<E> & WireToken> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireToken::token).collect(Collectors.joining(", "));
    }
}
