package io.portcullis.passwords;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How the estimate bounds zxcvbn4j's cost: chunks of ≤ 32 code points and ≤ 8 distinct l33t characters. */
class EstimatorTest {

    @Test
    void aShortPasswordIsOneChunk() {
        assertThat(Estimator.chunks("correct horse battery staple")).containsExactly("correct horse battery staple");
    }

    @Test
    void longInputIsCutEveryThirtyTwoCodePointsAndStopsAtOneHundredTwentyEight() {
        String letters = "abcdefghijklmnopqrstuvwxyz".repeat(10);
        List<String> chunks = Estimator.chunks(letters);
        assertThat(chunks).hasSize(4).allSatisfy(c -> assertThat(c).hasSize(32));
        String emoji = "🦊".repeat(40);
        assertThat(Estimator.chunks(emoji)).extracting(c -> c.codePointCount(0, c.length())).containsExactly(32, 8);
    }

    @Test
    void aChunkEndsBeforeItsNinthDistinctL33tCharacter() {
        assertThat(Estimator.chunks("4@8(6<1!|i7+0$5%")).containsExactly("4@8(6<1!", "|i7+0$5%");
        assertThat(Estimator.chunks("4@4@4@4@4@4@")).containsExactly("4@4@4@4@4@4@");
    }

    @Test
    void chunksMultiplyTheirGuessesAndKeepEveryPattern() {
        Estimator e = Estimator.get();
        Strength one = e.estimate("password", List.of());
        Strength many = e.estimate("password".repeat(4) + "x8!Kd2@mQz9#Lp4$Wn7%Rt1^Vb6&Hs3*J", List.of());
        assertThat(many.guessesLog10()).isGreaterThan(one.guessesLog10());
        assertThat(many.patterns()).contains("a repetition", "other characters");
        assertThat(Estimator.score(many.guessesLog10())).isEqualTo(4);
    }

    @Test
    void denseL33tInputOfMaximumLengthIsEstimated() {
        // 128 characters drawn from the l33t table: without the chunking zxcvbn4j needs minutes here
        Strength s = Estimator.get().estimate("4@8({[<3691!|70$5%2+".repeat(7).substring(0, 128), List.of());
        assertThat(s.guessesLog10()).isGreaterThan(20);
    }

    @Test
    void scoreUsesZxcvbnsThresholds() {
        assertThat(Estimator.score(2.9)).isZero();
        assertThat(Estimator.score(5.9)).isEqualTo(1);
        assertThat(Estimator.score(7.9)).isEqualTo(2);
        assertThat(Estimator.score(9.9)).isEqualTo(3);
        assertThat(Estimator.score(10.1)).isEqualTo(4);
    }
}
