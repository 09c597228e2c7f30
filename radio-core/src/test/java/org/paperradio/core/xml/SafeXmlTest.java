package org.paperradio.core.xml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.xml.SafeXml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;

class SafeXmlTest {

    private static final String ATOM = "http://www.w3.org/2005/Atom";

    @Test
    void parsesNamespacedXmlAndWalksItByNamespaceAndLocalName() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <feed xmlns="http://www.w3.org/2005/Atom" xmlns:x="urn:other">
                  <entry><title>  Über
                     graphs  </title></entry>
                  <x:entry><title>not atom</title></x:entry>
                  <entry><title>Second</title></entry>
                </feed>
                """;
        for (Document doc : List.of(SafeXml.parse(xml.getBytes(StandardCharsets.UTF_8), "feed"), SafeXml.parse(xml, "feed"))) {
            Element feed = doc.getDocumentElement();
            assertThat(SafeXml.is(feed, ATOM, "feed")).isTrue();
            assertThat(SafeXml.is(feed, "", "feed")).isFalse();
            List<Element> entries = SafeXml.children(feed, ATOM, "entry");
            assertThat(entries).hasSize(2);
            assertThat(SafeXml.text(entries.get(0), ATOM, "title")).isEqualTo("Über graphs");
            assertThat(SafeXml.text(entries.get(1), ATOM, "title")).isEqualTo("Second");
            assertThat(SafeXml.child(feed, "urn:other", "entry")).isNotNull();
            assertThat(SafeXml.child(feed, ATOM, "missing")).isNull();
            assertThat(SafeXml.text(feed, ATOM, "missing")).isEmpty();
        }
        assertThat(SafeXml.collapse(null)).isEmpty();
    }

    @Test
    void refusesADoctypeSoNoExternalEntityIsEverRead(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "TOP-SECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"" + secret.toUri() + "\">]><x>&e;</x>";
        assertThatThrownBy(() -> SafeXml.parse(xxe, "answer"))
                .isInstanceOf(XmlException.class)
                .hasMessageContaining("answer").hasMessageContaining("DOCTYPE")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("TOP-SECRET"));
        // the factory alone, for callers that build their own parser, refuses it too
        assertThatThrownBy(() -> SafeXml.factory().newDocumentBuilder().parse(new InputSource(new StringReader(xxe))))
                .hasMessageContaining("DOCTYPE");
    }

    @Test
    void refusesAnEntityExpansionBomb() {
        StringBuilder bomb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            bomb.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10))
                    .append("\">");
        }
        bomb.append("]><lolz>&lol9;</lolz>");
        assertThatThrownBy(() -> SafeXml.parse(bomb.toString().getBytes(StandardCharsets.UTF_8), "bomb"))
                .isInstanceOf(XmlException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void malformedOrEmptyInputIsAnXmlExceptionNamingTheDocumentAndLine() {
        assertThatThrownBy(() -> SafeXml.parse("<a>\n<b>\n</a>", "OAI-PMH answer"))
                .isInstanceOf(XmlException.class)
                .hasMessageContaining("OAI-PMH answer is not well-formed XML (line 3)");
        assertThatThrownBy(() -> SafeXml.parse(new byte[0], "feed")).isInstanceOf(XmlException.class)
                .hasMessage("feed is empty");
        assertThatThrownBy(() -> SafeXml.parse("", "feed")).hasMessage("feed is empty");
        assertThatThrownBy(() -> SafeXml.parse("<html><body>Just a moment", "feed")).isInstanceOf(XmlException.class);
    }

    @Test
    void errorsGoIntoTheExceptionNotToStderr() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThatThrownBy(() -> SafeXml.parse("<a><b></a>", "doc")).isInstanceOf(XmlException.class);
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("Fatal Error").isEmpty();
    }
}
