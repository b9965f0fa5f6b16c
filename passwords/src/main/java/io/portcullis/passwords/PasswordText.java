package io.portcullis.passwords;

import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;

/** NFKC normalisation and UTF-8 encoding shared by the checker and the hasher. */
final class PasswordText {

    private PasswordText() {
    }

    /**
     * NFKC (NIST SP 800-63B §5.1.1.2): full-width, ligature and other compatibility forms fold
     * to one spelling, so a password typed on another keyboard still verifies.
     */
    static String normalize(CharSequence password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** Code points, the unit NIST counts length in. */
    static int length(String normalized) {
        return normalized.codePointCount(0, normalized.length());
    }

    /**
     * Whether every code point is one a user can type: no C0/C1 controls (tab included), no
     * unpaired surrogate, no noncharacter. Spaces and every other Unicode character are fine.
     */
    static boolean typeable(String normalized) {
        for (int i = 0; i < normalized.length(); ) {
            char c = normalized.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= normalized.length()
                        || !Character.isLowSurrogate(normalized.charAt(i + 1))) {
                    return false;
                }
            }
            int cp = normalized.codePointAt(i);
            if (Character.getType(cp) == Character.CONTROL || isNoncharacter(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static boolean isNoncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }

    /**
     * The UTF-8 bytes of the NFKC form; what both hash algorithms consume. Unpaired surrogates
     * are refused rather than replaced, so two different inputs never share one hash.
     */
    static byte[] utf8(CharSequence password) {
        String normalized = normalize(password);
        try {
            var buffer = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(normalized));
            byte[] out = Arrays.copyOf(buffer.array(), buffer.limit());
            Arrays.fill(buffer.array(), (byte) 0);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password contains an unpaired surrogate");
        }
    }
}
