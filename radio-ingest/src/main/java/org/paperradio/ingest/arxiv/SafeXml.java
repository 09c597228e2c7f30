package org.paperradio.ingest.arxiv;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * DOM parsing for untrusted feeds: namespace-aware, no DTDs at all (arXiv never sends one, so a
 * DOCTYPE is refused outright, which also rules out external entities and entity expansion
 * bombs), no XInclude, no network or file access, and errors as {@link FeedException}.
 */
final class SafeXml {

    private SafeXml() {
    }

    static Document parse(byte[] xml, String what) throws FeedException {
        if (xml == null || xml.length == 0) {
            throw new FeedException(what + " is empty");
        }
        DocumentBuilder builder;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            builder = f.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a needed safety feature", e);
        }
        // the default handler prints "[Fatal Error]" to stderr; errors belong in the exception
        builder.setErrorHandler(new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) throws SAXException {
                throw e;
            }

            @Override
            public void fatalError(SAXParseException e) throws SAXException {
                throw e;
            }
        });
        try {
            return builder.parse(new ByteArrayInputStream(xml));
        } catch (SAXParseException e) {
            String msg = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "a document type declaration (DOCTYPE), which is never accepted"
                    : e.getMessage();
            throw new FeedException(what + " is not well-formed XML (line " + e.getLineNumber() + "): " + msg, e);
        } catch (SAXException | IOException e) {
            throw new FeedException(what + " could not be read as XML: " + e.getMessage(), e);
        }
    }

    /** Child elements of {@code parent} with this namespace ("" for none) and local name, in document order. */
    static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && is(e, ns, local)) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && is(e, ns, local)) {
                return e;
            }
        }
        return null;
    }

    /** Text of the first such child, whitespace collapsed; "" when absent. */
    static String text(Element parent, String ns, String local) {
        Element e = child(parent, ns, local);
        return e == null ? "" : collapse(e.getTextContent());
    }

    static String collapse(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }

    /** Whether {@code e} is {ns}local; ns "" means no namespace. */
    static boolean is(Element e, String ns, String local) {
        if (e == null || !local.equals(e.getLocalName())) {
            return false;
        }
        String actual = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
        return ns.equals(actual);
    }
}
