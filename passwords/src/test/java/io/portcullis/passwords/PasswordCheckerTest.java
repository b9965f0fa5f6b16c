package io.portcullis.passwords;

import static io.portcullis.passwords.Reason.COMMON_PASSWORD;
import static io.portcullis.passwords.Reason.INVALID_CHARACTER;
import static io.portcullis.passwords.Reason.SIMILAR_TO_CONTEXT;
import static io.portcullis.passwords.Reason.TOO_GUESSABLE;
import static io.portcullis.passwords.Reason.TOO_LONG;
import static io.portcullis.passwords.Reason.TOO_SHORT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tables of passwords and the reason codes the checker gives them. */
class PasswordCheckerTest {

    static final PasswordChecker SINGLE = new PasswordChecker(PasswordPolicy.defaults());
    static final PasswordChecker TWO_FACTOR = new PasswordChecker(PasswordPolicy.builder().secondFactor(true).build());
    static final PasswordContext ALICE = new PasswordContext("alexander", "alex.marchetti@example.org", List.of("Portcullis Bank"));

    static Stream<Arguments> singleFactor() {
        return Stream.of(
                Arguments.of("empty", "", List.of(TOO_SHORT)),
                Arguments.of("fourteen random characters", "q7#Vz!p2Lr9@Wk", List.of(TOO_SHORT)),
                Arguments.of("fifteen random characters", "q7#Vz!p2Lr9@Wkx", List.of()),
                Arguments.of("a passphrase, lower case with spaces", "correct horse battery staple", List.of()),
                Arguments.of("whitespace only", " ".repeat(20), List.of(TOO_GUESSABLE)),
                Arguments.of("tabs and newlines only", "\t\n".repeat(10), List.of(INVALID_CHARACTER)),
                Arguments.of("common password, long enough by repetition", "passwordpassword", List.of(TOO_GUESSABLE)),
                Arguments.of("keyboard walk", "qwertyuiopasdfgh", List.of(TOO_GUESSABLE)),
                Arguments.of("sequence", "abcdefghijklmnop", List.of(TOO_GUESSABLE)),
                Arguments.of("all digits, 15 of them, random", "830274619502837", List.of()),
                Arguments.of("all digits, a sequence", "123456789012345", List.of(TOO_GUESSABLE)),
                Arguments.of("common word followed by a year, padded", "Summer2024Summer2024", List.of(TOO_GUESSABLE)),
                Arguments.of("full-width look-alike of a common password repeated", "ｐａｓｓｗｏｒｄｐａｓｓｗｏｒｄ",
                        List.of(TOO_GUESSABLE)),
                Arguments.of("64 random characters accepted", "x8!Kd2@mQz9#Lp4$Wn7%Rt1^Vb6&Hs3*Jf5(Ge0)Yc8_Ua2+Io4=Pl9-Ok1~Mz7q",
                        List.of()),
                Arguments.of("128 characters accepted", "Ab3$".repeat(1) + "k9#Lm2@Qp7!Zx4%Wr8^Ty1&Ui6*Op3(As5)Df0_Gh2+Jk".repeat(3).substring(0, 124),
                        List.of()),
                Arguments.of("129 characters too long", "k9#Lm2@Qp7!Zx4%".repeat(9).substring(0, 129), List.of(TOO_LONG)),
                Arguments.of("a megabyte too long", "a".repeat(1_000_000), List.of(TOO_LONG)),
                Arguments.of("an unpaired surrogate", "q7#Vz!p2Lr9@Wkx\uD800", List.of(INVALID_CHARACTER)),
                Arguments.of("emoji and other scripts are fine", "🦊 лиса füchsin 狐狸 ж", List.of()));
    }

    /** Invisible format characters (Cf) counted towards the length and hid common passwords; now refused. */
    static Stream<Arguments> invisibleCharacters() {
        return Stream.of(
                Arguments.of("'password' spread out with zero-width spaces", "p\u200Ba\u200Bs\u200Bs\u200Bw\u200Bo\u200Br\u200Bd\u200B"),
                Arguments.of("an 11-character password padded with bidi isolates", "Tr0ub4dor&3\u2066\u2066\u2066\u2066\u2066"),
                Arguments.of("a right-to-left override", "q7#Vz!p2Lr9@Wkx\u202E"),
                Arguments.of("left-to-right marks", "q7#Vz!p2\u200E\u200E\u200ELr9@Wkx"),
                Arguments.of("a byte-order mark", "\uFEFFq7#Vz!p2Lr9@Wkx"),
                Arguments.of("a soft hyphen", "q7#Vz!p2Lr9\u00AD@Wkx"),
                Arguments.of("word joiners", "q7#Vz!p2Lr9@Wkx\u2060\u2060"),
                Arguments.of("a zero-width joiner between ASCII letters (padding)", "Tr0ub4dor&3\u200Dx\u200Dy\u200Dz"),
                Arguments.of("a zero-width joiner at the end", "🦊 лиса füchsin 狐狸 ж\u200D"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invisibleCharacters")
    void invisibleFormatCharactersAreRefusedAsInvalid(String what, String password) {
        assertThat(SINGLE.check(password, PasswordContext.none()).reasons()).as(what).contains(INVALID_CHARACTER);
    }

    static Stream<Arguments> joinersThatSpellSomething() {
        return Stream.of(
                Arguments.of("the same random characters, nothing invisible", "q7#Vz!p2Lr9@Wkx"),
                Arguments.of("emoji ZWJ sequences (family, technologist with skin tone)",
                        "👨\u200D👩\u200D👧 q7#Vz!p2 👩🏽\u200D💻"),
                Arguments.of("Persian with a zero-width non-joiner", "کتاب\u200Cخانه\u200Cهای بزرگ تهران"),
                Arguments.of("Devanagari with a zero-width joiner after a virama", "क्\u200Dष q7#Vz!p2Lr9@W"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("joinersThatSpellSomething")
    void visibleTextAndJoinersThatSpellSomethingAreAccepted(String what, String password) {
        assertThat(SINGLE.check(password, PasswordContext.none()).reasons()).as(what).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("singleFactor")
    void singleFactorPolicyGivesTheseReasons(String what, String password, List<Reason> expected) {
        assertThat(SINGLE.check(password, PasswordContext.none()).reasons()).as(what).isEqualTo(expected);
    }

    static Stream<Arguments> twoFactor() {
        return Stream.of(
                Arguments.of("seven characters", "q7#Vz!p", List.of(TOO_SHORT, TOO_GUESSABLE)),
                Arguments.of("eight random characters", "q7#Vz!p2", List.of()),
                Arguments.of("common password", "password1", List.of(COMMON_PASSWORD, TOO_GUESSABLE)),
                Arguments.of("common password, other case", "PassWord1", List.of(COMMON_PASSWORD, TOO_GUESSABLE)),
                Arguments.of("common password in full-width letters (NFKC folds them)", "ｐａｓｓｗｏｒｄ１",
                        List.of(COMMON_PASSWORD, TOO_GUESSABLE)),
                Arguments.of("common password with a superscript digit (NFKC folds ¹)", "password¹", List.of(COMMON_PASSWORD, TOO_GUESSABLE)),
                Arguments.of("Cyrillic look-alike of a common password: NFKC keeps the script, the estimate still refuses it",
                        "раssword1", List.of(TOO_GUESSABLE)),
                Arguments.of("l33t spelling on the list", "P@ssw0rd", List.of(COMMON_PASSWORD, TOO_GUESSABLE)),
                Arguments.of("all digits", "12345678", List.of(COMMON_PASSWORD, TOO_GUESSABLE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twoFactor")
    void twoFactorPolicyGivesTheseReasons(String what, String password, List<Reason> expected) {
        assertThat(TWO_FACTOR.check(password, PasswordContext.none()).reasons()).as(what).isEqualTo(expected);
    }

    static Stream<Arguments> context() {
        return Stream.of(
                Arguments.of("user name plus a year", "alexander2024!!", List.of(SIMILAR_TO_CONTEXT)),
                Arguments.of("user name in upper case plus digits", "ALEXANDER-8302741", List.of(SIMILAR_TO_CONTEXT)),
                Arguments.of("user name in full-width letters", "ａｌｅｘａｎｄｅｒ2024!!", List.of(SIMILAR_TO_CONTEXT)),
                Arguments.of("user name reversed and shuffled (quick ratio)", "rednaxela!x#2024", List.of(SIMILAR_TO_CONTEXT)),
                Arguments.of("e-mail local part", "Marchetti#Alex#77", List.of(SIMILAR_TO_CONTEXT)),
                Arguments.of("whole e-mail address", "alex.marchetti@example.org", List.of(SIMILAR_TO_CONTEXT, TOO_GUESSABLE)),
                Arguments.of("account detail word", "PortcullisBank!!1", List.of(SIMILAR_TO_CONTEXT)),
                Arguments.of("user name in leetspeak plus a year, padded", "4l3x4nd3r2024!!xx", List.of(SIMILAR_TO_CONTEXT)),
                Arguments.of("user name in mixed-case leetspeak", "@L3X@NDER_1999_q", List.of(SIMILAR_TO_CONTEXT)),
                Arguments.of("e-mail part in leetspeak", "M4rch3tt1#9482!", List.of(SIMILAR_TO_CONTEXT)),
                Arguments.of("account word in leetspeak", "P0rtcu11i5B4nk#8", List.of(SIMILAR_TO_CONTEXT)),
                Arguments.of("user name in leetspeak inside a long passphrase is fine", "4l3x4nd3r walks the quiet harbour at dawn",
                        List.of()),
                Arguments.of("user name inside a long passphrase is fine", "alexander walks the quiet harbour at dawn", List.of()),
                Arguments.of("unrelated strong password", "q7#Vz!p2Lr9@Wkx", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("context")
    void contextWordsInAnyCaseOrWidthAreRefused(String what, String password, List<Reason> expected) {
        assertThat(SINGLE.check(password, ALICE).reasons()).as(what).isEqualTo(expected);
    }

    @Test
    void siteNameAndConfiguredWordsAreContextForEveryone() {
        PasswordChecker checker = new PasswordChecker(PasswordPolicy.builder().siteName("Portcullis")
                .contextWords(List.of("drawbridge")).build());
        assertThat(checker.check("portcullis-2024!", PasswordContext.none()).reasons()).contains(SIMILAR_TO_CONTEXT);
        assertThat(checker.check("DRAWBRIDGE_2024!", PasswordContext.none()).reasons()).contains(SIMILAR_TO_CONTEXT);
        assertThat(checker.check("q7#Vz!p2Lr9@Wkx", PasswordContext.none()).accepted()).isTrue();
    }

    @Test
    void everyFailureHasAMessageThatDoesNotEchoThePassword() {
        PasswordVerdict v = SINGLE.check("alexander2024", ALICE);
        assertThat(v.failures()).isNotEmpty().allSatisfy(f -> {
            assertThat(f.message()).isNotBlank().doesNotContain("alexander2024");
        });
    }

    @Test
    void tooGuessableNamesThePatternThatWeakenedIt() {
        PasswordVerdict v = TWO_FACTOR.check("football1987", PasswordContext.none());
        assertThat(v.reasons()).contains(TOO_GUESSABLE);
        assertThat(v.strength().patterns()).containsExactly("a common password", "a year");
        assertThat(v.failures()).filteredOn(f -> f.reason() == TOO_GUESSABLE)
                .singleElement().extracting(PasswordVerdict.Failure::message).asString()
                .contains("a common password followed by a year");
    }

    @Test
    void strengthIsReportedForAcceptedPasswordsToo() {
        PasswordVerdict v = SINGLE.check("correct horse battery staple", PasswordContext.none());
        assertThat(v.accepted()).isTrue();
        assertThat(v.strength().guessesLog10()).isGreaterThan(PasswordPolicy.DEFAULT_MIN_GUESSES_LOG10);
        assertThat(v.strength().score()).isBetween(3, 4);
        assertThat(v.breachCheck()).isEqualTo(PasswordVerdict.BreachCheck.OFF);
    }

    @Test
    void lengthCountsCodePointsAfterNfkcNotUtf16Units() {
        String fifteenEmoji = "🦊🐺🦁🐯🐻🐼🐨🐸🐵🦄🐙🦀🐳🦋🐝";
        assertThat(fifteenEmoji.length()).isEqualTo(30);
        assertThat(SINGLE.check(fifteenEmoji, PasswordContext.none()).reasons()).doesNotContain(TOO_SHORT);
        assertThat(SINGLE.check(fifteenEmoji.substring(0, 28), PasswordContext.none()).reasons()).contains(TOO_SHORT);
    }

    @Test
    void theCommonListIsZxcvbnsThirtyThousand() {
        assertThat(Estimator.get().commonSize()).isBetween(29_000, 31_000);
    }
}
