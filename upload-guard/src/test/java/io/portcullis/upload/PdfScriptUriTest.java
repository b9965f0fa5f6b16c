package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A PDF link whose /URI a browser runs as script is ACTIVE_CONTENT, however the string is spelt (issue 9). */
class PdfScriptUriTest {

    static Verdict inspect(String dictionary) throws Exception {
        byte[] pdf = Samples.pdf("/OpenAction << /S /URI /URI " + dictionary + " >> ");
        return new UploadGuard(UploadPolicy.documents()).inspect(new ByteArrayInputStream(pdf), "x.pdf");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "(javascript:alert(1))",
        "(JavaScript:alert\\(1\\))",
        "( \tjavascript:alert(1))",
        "(java\\tscript:alert(1))",
        "(java\\\nscript:alert(1))",
        "(\\152avascript:alert(1))",
        "(\\jav\\ascript:alert(1))",
        "<6A617661736372697074 3A616C6572742831 29>",
        "<6a 61 76 61 73 63 72 69 70 74 3a>",
        "(\\376\\377\\000j\\000a\\000v\\000a\\000s\\000c\\000r\\000i\\000p\\000t\\000:\\0001)",
        "(vbscript:msgbox)",
    })
    void scriptLinkIsActiveContent(String uri) throws Exception {
        Verdict v = inspect(uri);
        assertThat(v.reasons()).as(uri + ": " + v).contains(Reason.ACTIVE_CONTENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"(https://example.com/javascript:x)", "<68747470733A2F2F6578616D706C652E636F6D>",
        "(mailto:someone@example.com)", "(javascript-guide.html)"})
    void ordinaryLinkIsAccepted(String uri) throws Exception {
        Verdict v = inspect(uri);
        assertThat(v.accepted()).as(uri + ": " + v).isTrue();
    }
}
