package io.portcullis.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProblemTest {

    @Test
    void rendersRfc9457MembersAndEscapesEverything() {
        String json = Problem.of(415, "TYPE_MISMATCH", "Upload refused")
                .detail("a \"b\"\n<script>")
                .with("reasons", List.of("TYPE_MISMATCH", "POLYGLOT"))
                .toJson();
        assertThat(json).isEqualTo("{\"type\":\"urn:portcullis:problem:type-mismatch\",\"title\":\"Upload refused\","
                + "\"status\":415,\"detail\":\"a \\\"b\\\"\\n\\u003cscript\\u003e\",\"code\":\"TYPE_MISMATCH\","
                + "\"reasons\":[\"TYPE_MISMATCH\",\"POLYGLOT\"]}");
    }
}
