package org.paperradio.core.xml;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
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
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * DOM parsing for untrusted XML, the one place the station configures a parser: namespace-aware,
 * no DTDs at all (none of our sources ever sends one, so a DOCTYPE is refused outright, which
 * also rules out external entities and entity expansion bombs), no XInclude, no network or file
 * access, and errors as {@link XmlException} (an {@link IOException}) instead of lines on stderr.
 *
 * <p>Also a few helpers for walking such documents by namespace and local name.
 */
public final class SafeXml {

    /**
     * A document that {@link SafeXml} refuses or cannot read: empty, not well-formed, or carrying
     * a document type declaration. Its message names the document ("arXiv API answer is not
     * well-formed XML (line 3): …"), so callers can pass it on as their own error's message.
     */
    public static final class XmlException extends IOException {
        public XmlException(String message) {
            super(message);
        }

        public XmlException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private SafeXml() {
    }

    /**
     * A new hardened, namespace-aware factory, for callers that need their own
     * {@link DocumentBuilder}; prefer {@link #parse(byte[], String)}, which also silences the
     * default error handler.
     */
    public static DocumentBuilderFactory factory() {
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
            return f;
        } catch (ParserConfigurationException | IllegalArgumentException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a needed safety feature", e);
        }
    }

    /** A builder from {@link #factory()} whose errors are thrown, never printed. */
    public static DocumentBuilder newBuilder() {
        DocumentBuilder builder;
        try {
            builder = factory().newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK cannot make a hardened XML parser", e);
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
        return builder;
    }

    /**
     * Parses {@code xml} (encoding from its declaration, UTF-8 by default); {@code what} names
     * the document in error messages, e.g. "arXiv API answer".
     */
    public static Document parse(byte[] xml, String what) throws XmlException {
        if (xml == null || xml.length == 0) {
            throw new XmlException(what + " is empty");
        }
        return parse(new InputSource(new ByteArrayInputStream(xml)), what);
    }

    /** Parses XML that is already text; {@code what} names the document in error messages. */
    public static Document parse(String xml, String what) throws XmlException {
        if (xml == null || xml.isEmpty()) {
            throw new XmlException(what + " is empty");
        }
        return parse(new InputSource(new StringReader(xml)), what);
    }

    private static Document parse(InputSource in, String what) throws XmlException {
        try {
            return newBuilder().parse(in);
        } catch (SAXParseException e) {
            String msg = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
                    ? "a document type declaration (DOCTYPE), which is never accepted"
                    : e.getMessage();
            throw new XmlException(what + " is not well-formed XML (line " + e.getLineNumber() + "): " + msg, e);
        } catch (SAXException | IOException e) {
            throw new XmlException(what + " could not be read as XML: " + e.getMessage(), e);
        }
    }

    /** Child elements of {@code parent} with this namespace ("" for none) and local name, in document order. */
    public static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && is(e, ns, local)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first such child element, or null. */
    public static Element child(Element parent, String ns, String local) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && is(e, ns, local)) {
                return e;
            }
        }
        return null;
    }

    /** Text of the first such child, whitespace collapsed; "" when absent. */
    public static String text(Element parent, String ns, String local) {
        Element e = child(parent, ns, local);
        return e == null ? "" : collapse(e.getTextContent());
    }

    /** {@code s} stripped, with every run of whitespace made one space; "" for null. */
    public static String collapse(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }

    /** Whether {@code e} is {ns}local; ns "" means no namespace. */
    public static boolean is(Element e, String ns, String local) {
        if (e == null || !local.equals(e.getLocalName())) {
            return false;
        }
        String actual = e.getNamespaceURI() == null ? "" : e.getNamespaceURI();
        return ns.equals(actual);
    }
}
