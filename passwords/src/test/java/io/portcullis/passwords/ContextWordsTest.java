package io.portcullis.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Django-like similarity measure, against values Python's difflib gives. */
class ContextWordsTest {

    @ParameterizedTest(name = "quick_ratio({0}, {1}) = {2}")
    @CsvSource({
        // expected values printed by python3 difflib.SequenceMatcher(a=A, b=B).quick_ratio()
        "abcd, bcde, 0.75",
        "password, password, 1.0",
        "alexander2024!!, alexander, 0.75",
        "q7#vz!p2lr9@wkx, alexander, 0.25",
        "aaaa, a, 0.4",
    })
    void quickRatioMatchesDifflib(String a, String b, double expected) {
        assertThat(ContextWords.quickRatio(a, b)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void partsMuchShorterThanThePasswordAreSkippedAsDjangoDoes() {
        // Django: pwd_len >= 10 * value_len and value_len < max_similarity / 2 * pwd_len
        assertThat(ContextWords.exceedsMaximumLengthRatio("a".repeat(40), 0.7, "bob")).isTrue();
        assertThat(ContextWords.exceedsMaximumLengthRatio("a".repeat(20), 0.7, "bob")).isFalse();
    }

    @Test
    void emailGivesLocalPartsAndDomainLabelsButNotTheTopLevelDomain() {
        List<ContextWords.Value> values = ContextWords.collect(PasswordPolicy.defaults(),
                PasswordContext.of(null, "Alex.Marchetti@Example.COM"));
        assertThat(values).singleElement().extracting(ContextWords.Value::parts).asList()
                .containsExactly("alex", "marchetti", "example", "alex.marchetti@example.com");
    }

    @Test
    void aContextWordDoesNotCountTowardsTheLength() {
        List<ContextWords.Value> bob = ContextWords.collect(PasswordPolicy.defaults(), PasswordContext.of("bobby", null));
        assertThat(ContextWords.leanedOn("bobbybobbybobby1", bob, 0.7, 15)).isNotNull();
        assertThat(ContextWords.leanedOn("bobby rides the last ferry home", bob, 0.7, 15)).isNull();
    }
}
