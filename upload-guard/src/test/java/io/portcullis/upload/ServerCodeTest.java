package io.portcullis.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ServerCode}: blocks of code are found, chance markers and markup that is not code are not. */
class ServerCodeTest {

    static String find(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        return ServerCode.find(b, 0, b.length, b.length);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<?php system($_GET['c']); ?>",
        "\u0089\u0001<?PhP\n@eval($_POST[1]);",
        "<? system($_GET[c]); ?>",
        "<?system($_GET[c]);?>",
        "<? passthru($_REQUEST['cmd']) ?>",
        "<?=`$_GET[0]`?>",
        "<?=`id`;",
        "<?=$_GET[0]($_GET[1]);?>",
        "<?= system ( $_GET [ 'c' ] ) ?>",
        "<?=/*\u00ff\u0000*/system($_GET[c]);",
        "<?=system($_GET[c]);/*\u00ff binary follows",
        "<? include $_GET['f']; ?>",
        "<?=include'/tmp/x';",
        "<? if(isset($_GET[c])){system($_GET[c]);} ?>",
        "<?=SyStEm(\"id\\xff\");",
        "<?=eval(base64_decode('ZWNobyAxOw=='));",
        "<?=\\system($_GET[c])?>",
        "<% Runtime.getRuntime().exec(request.getParameter(\"c\")); %>",
        "<%=request.getParameter(\"x\")%>",
        "<%@ page import=\"java.io.*\" %>",
        "<%! void run() throws Exception { Runtime.getRuntime().exec(\"id\"); } %>",
        "<% eval request(\"c\") %>",
        "<jsp:scriptlet>",
        "<asp:Label runat=server/>",
        "<cfexecute name=\"cmd\">",
        "<script runat=\"server\">Response.Write(1)</script>",
        "<script language=\"php\">system('id');</script>",
    })
    void codeBlockIsFound(String code) {
        assertThat(find("\u0000\u00ff" + code + "\u0000\u00fe")).as(code).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>",
        "<?xpacket end=\"w\"?>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>",
        "<?xml-stylesheet type=\"text/xsl\" href=\"style.xsl\"?>",
        "Use the <? and ?> tags; then <?= for echo.",
        "if a <? b then c;",
        "<?=$x;",
        "<?S!!)qlS!Bi\"\n(=SG0l-a'6>&*J@bsQY=Nfo^3m\\X==)R7hk8T!nmAi6j!pE_\")s&O:rOhE$g?\":@+\n>NeLm",
        "<?u_o:[CZIq!QjYSBWI<T>fhgehPlMFq!aW(PD&(LnW44sZ[0Bk/E,AT'Uj\"_)q>ejgfqQk^q-",
        "<?2fdsc0AGq/DTErV=\r\rb#Y\\7aI)*E-a1R;>ni'X>_T1UqD^K\\(!MXr@>7Tq(mh'K[:rm*pDb0n4Oqt8Cc%5.jk",
        "<% of the total %>",
        "<%-- a JSP comment --%>",
        "<script>alert(1)</script>",
        "<? `id` ?>", // a documented gap: a bare short tag needs 8 code characters (<?=`id`?> is found)
    })
    void textThatIsNotCodeIsNotFound(String text) {
        assertThat(find(text)).as(text).isNull();
    }

    /** Uniform random bytes: every opener occurs by chance; none may open a block of code. */
    @Test
    void noBlockInRandomBytes() {
        SplittableRandom r = new SplittableRandom(9);
        byte[] b = new byte[1 << 20];
        long hits = 0;
        for (int round = 0; round < 64; round++) {
            r.nextBytes(b);
            hits += count(b);
        }
        assertThat(hits).as("blocks found in 64 MiB of random bytes").isZero();
    }

    /** Random printable text (ASCII85, as PDF and PostScript streams carry it): the worst case for a text rule. */
    @Test
    void noBlockInRandomPrintableText() {
        SplittableRandom r = new SplittableRandom(85);
        byte[] b = new byte[1 << 20];
        long hits = 0;
        for (int round = 0; round < Integer.getInteger("ascii85.mib", 16); round++) {
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) (i % 76 == 75 ? '\n' : '!' + r.nextInt(85));
            }
            hits += count(b);
        }
        assertThat(hits).as("blocks found in 16 MiB of ASCII85-like text").isZero();
    }

    static long count(byte[] b) {
        long hits = 0;
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '<' && ServerCode.at(b, i, b.length) != null) {
                hits++;
                System.out.println("block found by chance: " + new String(b, i, Math.min(80, b.length - i),
                        StandardCharsets.ISO_8859_1));
            }
        }
        return hits;
    }
}
