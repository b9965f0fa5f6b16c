package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one strict reading of part and request header parameters (RFC 9110 §5.6.6). */
class HeaderValueTest {

    @Test
    void browserDispositionReadsNameAndFilename() throws Exception {
        MultipartReader.Disposition d = MultipartReader.disposition("form-data; name=\"photo\"; filename=\"Holiday Photo.PNG\"");
        assertThat(d.name()).isEqualTo("photo");
        assertThat(d.filename()).isEqualTo("Holiday Photo.PNG");
        assertThat(d.header()).isEqualTo("form-data; name=\"photo\"; filename=\"Holiday Photo.PNG\"");
    }

    @Test
    void tokensQuotedStringsUnknownParametersAndOwsAroundSemicolonsAreAccepted() throws Exception {
        HeaderValue h = HeaderValue.parse("Form-Data ;name=f;\tfilename=\"a b.png\"; size=12; x=\"\"", "test");
        assertThat(h.value()).isEqualTo("form-data");
        assertThat(h.parameters()).containsExactly(Map.entry("name", "f"), Map.entry("filename", "a b.png"),
                Map.entry("size", "12"), Map.entry("x", ""));
    }

    @Test
    void fieldWithoutFilenameIsNoFile() throws Exception {
        assertThat(MultipartReader.disposition("form-data; name=\"title\"").isFile()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "form-data; name=\"f\"; \"j=\" x; filename=evil.php; k=a\"", // the header
        "form-data; name=\"f\"; filename =\"evil.php\"",                 // whitespace before =
        "form-data; name=\"f\"; filename= \"evil.php\"",                 // whitespace after =
        "form-data; name=\"f\" filename=\"evil.php\"",                   // no ;
        "form-data; name=\"f\"; filename=\"a.png\"x",                    // text after a quoted value
        "form-data; name=\"f\"; filename=\"evil.php",                    // unclosed quote
        "form-data; name=\"f\";; filename=\"a.png\"",                    // empty parameter
        "form-data; name=\"f\"; filename=\"a.png\";",                    // trailing empty parameter
        "form-data; name=\"f\"; file\"name=\"evil.php\"",                // quote in a name
        "form-data; name=\"f\"; x=\"; filename=evil.php",                // a quote that swallows the rest
        "form-data; name=\"f\"; filename=a.png,evil.php",                // comma is no token character
        "form-data; name=\"f\"; x=1; x=2",                               // repeated unknown parameter
        "form-data; name=\"f\"; filename=",                              // no value
        "form-\"data; name=\"f\"",                                       // quote in the type
        "form-data; name=\"f\"; filename=\"a\u0001.png\"",               // control character
        "form-data; name=\"f \"; filename=\"a.png\"",                   // parsers trim quoted values
        "form-data; name=\"\tf\"; filename=\"a.png\"",
        "form-data; name=\"f\"; filename=\" a.png\"",
    })
    void everyFormOutsideTheGrammarIsAmbiguous(String header) {
        assertThatThrownBy(() -> MultipartReader.disposition(header)).isInstanceOfSatisfying(MultipartReader.Failure.class,
                f -> assertThat(f.reason).isEqualTo(Reason.MULTIPART_AMBIGUOUS));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "form-data; name=\"f\"; filename=\"a.png\"; filename=\"b.jsp\"|FILENAME_AMBIGUOUS",
        "form-data; name=\"f\"; name=\"g\"|FILENAME_AMBIGUOUS",
        "form-data; name=\"f\"; filename*=UTF-8''evil.php|FILENAME_AMBIGUOUS",
        "form-data; name=\"f\"; FileName=\"evil.php\"|FILENAME_AMBIGUOUS",
        "form-data; name=\"f\"; filename=\"a\\\".png\"|FILENAME_AMBIGUOUS",
        "form-data; name=\"f\"; filename=\"=?UTF-8?B?ZXZpbC5waHA=?=\"|FILENAME_AMBIGUOUS",
        "attachment; name=\"f\"; filename=\"evil.php\"|MULTIPART_MALFORMED",
        "form-data; filename=\"a.png\"|MULTIPART_MALFORMED",
    })
    void nameAndFilenameProblemsKeepTheirCodes(String header, Reason reason) {
        assertThatThrownBy(() -> MultipartReader.disposition(header)).isInstanceOfSatisfying(MultipartReader.Failure.class,
                f -> assertThat(f.reason).isEqualTo(reason));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "multipart/form-data; boundary=abc|abc",
        "multipart/form-data; boundary=\"abc def\"|abc def",
        "multipart/form-data;charset=utf-8;boundary=abc|abc",
        "MULTIPART/FORM-DATA; BOUNDARY=abc|abc",
    })
    void boundaryIsReadFromTheStrictParameterList(String contentType, String boundary) throws Exception {
        assertThat(MultipartReader.boundary(contentType)).isEqualTo(boundary);
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data; boundary=a; boundary=b", "multipart/form-data; boundary = a",
        "multipart/form-data; boundary=a,b", "multipart/form-data, boundary=a", "multipart/form-data; boundary=\"a\"x"})
    void ambiguousContentTypeIsRefused(String contentType) {
        assertThatThrownBy(() -> MultipartReader.boundary(contentType)).isInstanceOfSatisfying(MultipartReader.Failure.class,
                f -> assertThat(f.reason).isIn(Reason.MULTIPART_AMBIGUOUS, Reason.MULTIPART_MALFORMED));
    }
}
