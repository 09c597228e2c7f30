package org.paperradio.tts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperradio.core.xml.SafeXml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class MaryXmlTest {

    @Test
    void buildsTokensDocumentInTheMaryNamespace() throws IOException {
        String xml = MaryXml.build(List.of(List.of("Hello", ",", "world", "."), List.of("Bye", "!")));
        Document d = parse(xml);

        Element root = d.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("maryxml");
        assertThat(root.getNamespaceURI()).isEqualTo(MaryXml.NAMESPACE);
        assertThat(root.getAttributeNS("http://www.w3.org/XML/1998/namespace", "lang")).isEqualTo("en-US");
        NodeList s = d.getElementsByTagNameNS(MaryXml.NAMESPACE, "s");
        assertThat(s.getLength()).isEqualTo(2);
        NodeList t = ((Element) s.item(0)).getElementsByTagNameNS(MaryXml.NAMESPACE, "t");
        assertThat(t.getLength()).isEqualTo(4);
        assertThat(t.item(2).getTextContent()).isEqualTo("world");
        assertThat(d.getElementsByTagNameNS(MaryXml.NAMESPACE, "p").getLength()).isEqualTo(1);
    }

    @Test
    void markupCharactersInTokensAreEscapedAndSurviveParsing() throws IOException {
        List<String> tokens = List.of("R&D", "<b>", "a>b", "\"q\"", "it's", "]]>", "&amp;");
        String xml = MaryXml.build(List.of(tokens));
        assertThat(xml).contains("R&amp;D", "&lt;b&gt;", "&amp;amp;");

        NodeList t = parse(xml).getElementsByTagNameNS(MaryXml.NAMESPACE, "t");
        assertThat(t.getLength()).isEqualTo(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            assertThat(t.item(i).getTextContent()).isEqualTo(tokens.get(i));
        }
    }

    @Test
    void charactersXmlForbidsAreDroppedAndEmptyPartsLeftOut() throws IOException {
        String xml = MaryXml.build(List.of(List.of("a\u0000b", "\uD800", " ", "c\u0007"), List.of(), List.of("")));
        NodeList t = parse(xml).getElementsByTagNameNS(MaryXml.NAMESPACE, "t");
        assertThat(t.getLength()).isEqualTo(2);
        assertThat(t.item(0).getTextContent()).isEqualTo("ab");
        assertThat(t.item(1).getTextContent()).isEqualTo("c");
        assertThat(parse(xml).getElementsByTagNameNS(MaryXml.NAMESPACE, "s").getLength()).isEqualTo(1);
    }

    @Test
    void markupInTheTextNeverBecomesMarkupInTheDocument() {
        // a paper's text is untrusted: a DOCTYPE or entity in it must stay words, never reach the parser as markup
        List<String> tokens = List.of("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "</t></s><s><t>x");
        Document d = MaryXml.document(List.of(tokens));

        assertThat(d.getDoctype()).isNull();
        assertThat(d.getElementsByTagNameNS(MaryXml.NAMESPACE, "s").getLength()).isEqualTo(1);
        NodeList t = d.getElementsByTagNameNS(MaryXml.NAMESPACE, "t");
        assertThat(t.getLength()).isEqualTo(tokens.size());
        for (int i = 0; i < tokens.size(); i++) {
            assertThat(t.item(i).getTextContent()).isEqualTo(tokens.get(i));
        }
    }

    @Test
    void aRunOfEmphasisedTokensSitsInOneProsodyElementThatRaisesThePitch() {
        Document d = MaryXml.tokenDocument(List.of(List.of(MaryXml.Token.of("Next"), MaryXml.Token.of(":"),
                new MaryXml.Token("Deep", null, true), new MaryXml.Token("Nets", null, true), MaryXml.Token.of("."))));
        NodeList prosody = d.getElementsByTagNameNS(MaryXml.NAMESPACE, "prosody");
        assertThat(prosody.getLength()).isEqualTo(1);
        Element p = (Element) prosody.item(0);
        assertThat(p.getAttribute("pitch")).startsWith("+");
        NodeList inside = p.getElementsByTagNameNS(MaryXml.NAMESPACE, "t");
        assertThat(inside.getLength()).isEqualTo(2);
        assertThat(inside.item(0).getTextContent()).isEqualTo("Deep");
        assertThat(inside.item(1).getTextContent()).isEqualTo("Nets");
        assertThat(d.getElementsByTagNameNS(MaryXml.NAMESPACE, "t").getLength()).isEqualTo(5);
        // inside a paced paragraph the emphasis nests in the paragraph's prosody
        Document paced = MaryXml.tokenDocument(List.of(List.of(new MaryXml.Token("Deep", null, true))), 1.1);
        assertThat(paced.getElementsByTagNameNS(MaryXml.NAMESPACE, "prosody").getLength()).isEqualTo(2);
    }

    @Test
    void tokensCarryTheirPhonemesAsThePhAttribute() {
        Document d = MaryXml.tokenDocument(List.of(List.of(
                new MaryXml.Token("lama", "' l A - m @"), MaryXml.Token.of("works"), new MaryXml.Token("x", "\"/><t>"))));
        NodeList t = d.getElementsByTagNameNS(MaryXml.NAMESPACE, "t");
        assertThat(t.getLength()).isEqualTo(3);
        assertThat(((Element) t.item(0)).getAttribute("ph")).isEqualTo("' l A - m @");
        assertThat(((Element) t.item(1)).hasAttribute("ph")).isFalse();
        // an attribute value cannot break out of the element either
        assertThat(((Element) t.item(2)).getAttribute("ph")).isEqualTo("\"/><t>");
        assertThat(t.item(2).getTextContent()).isEqualTo("x");
    }

    private static Document parse(String xml) throws IOException {
        return SafeXml.parse(xml, "test MaryXML");
    }
}
