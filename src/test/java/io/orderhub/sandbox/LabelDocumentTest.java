package io.orderhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The sandbox label is a PDF a reader can open: its cross-reference table points at its objects. */
class LabelDocumentTest {

    @Test
    void theCrossReferenceTablePointsAtEachObject() {
        String pdf = new String(LabelDocument.render(List.of("Tracking: SBX1234567890", "To: Zoë (Müller) \\ Co")),
                StandardCharsets.ISO_8859_1);

        assertThat(pdf).startsWith("%PDF-1.4\n").endsWith("%%EOF\n");
        int xref = Integer.parseInt(pdf.substring(pdf.lastIndexOf("startxref\n") + 10, pdf.lastIndexOf("\n%%EOF")));
        assertThat(pdf.substring(xref)).startsWith("xref\n0 6\n");
        Matcher entries = Pattern.compile("(\\d{10}) 00000 n \n").matcher(pdf.substring(xref));
        int object = 0;
        while (entries.find()) {
            object++;
            assertThat(pdf.substring(Integer.parseInt(entries.group(1)))).startsWith(object + " 0 obj\n");
        }
        assertThat(object).isEqualTo(5);
    }

    @Test
    void textIsEscapedAndLatin1() {
        String pdf = new String(LabelDocument.render(List.of("To: Zoë (Müller) \\ Co", "Tōkyō")), StandardCharsets.ISO_8859_1);

        assertThat(pdf).contains("(To: Zoë \\(Müller\\) \\\\ Co) Tj").contains("(T?ky?) Tj");
        int length = Integer.parseInt(pdf.replaceAll("(?s).*/Length (\\d+).*", "$1"));
        int streamStart = pdf.indexOf("stream\n") + 7;
        assertThat(pdf.indexOf("endstream") - streamStart).isEqualTo(length);
    }
}
