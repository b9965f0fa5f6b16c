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
     * unpaired surrogate, no noncharacter, and no invisible format character (general category
     * Cf: zero-width space U+200B, word joiner, BOM U+FEFF, soft hyphen, LRM/RLM, the bidi
     * embeddings, overrides and isolates), which would otherwise count towards the length while
     * showing nothing ({@code p\u200Ba\u200Bs…} is "password" on screen) and hide a common
     * password from the list. RFC 8264's FreeformClass, which NIST's normalisation guidance
     * follows, disallows them too. Kept: the zero-width joiner and non-joiner between two
     * non-ASCII characters (emoji sequences, Indic and Persian spelling), emoji tag characters,
     * and the visible prepended concatenation marks (U+0600–0605 and the like).
     */
    static boolean typeable(String normalized) {
        int previous = -1;
        for (int i = 0; i < normalized.length(); ) {
            char c = normalized.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= normalized.length()
                        || !Character.isLowSurrogate(normalized.charAt(i + 1))) {
                    return false;
                }
            }
            int cp = normalized.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.CONTROL || isNoncharacter(cp)) {
                return false;
            }
            int next = i + Character.charCount(cp);
            if (type == Character.FORMAT && !allowedFormat(cp, previous,
                    next < normalized.length() ? normalized.codePointAt(next) : -1)) {
                return false;
            }
            previous = cp;
            i = next;
        }
        return true;
    }

    private static boolean allowedFormat(int cp, int previous, int next) {
        if (cp == 0x200C || cp == 0x200D) {
            return visibleNonAscii(previous) && visibleNonAscii(next);
        }
        return (cp >= 0xE0020 && cp <= 0xE007F) || (cp >= 0x0600 && cp <= 0x0605) || cp == 0x06DD
                || cp == 0x070F || cp == 0x0890 || cp == 0x0891 || cp == 0x08E2 || cp == 0x110BD || cp == 0x110CD;
    }

    private static boolean visibleNonAscii(int cp) {
        return cp > 0x7F && Character.getType(cp) != Character.FORMAT && Character.getType(cp) != Character.CONTROL;
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
