package org.paperradio.ingest.arxiv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.paperradio.core.paper.License;
import org.paperradio.core.xml.SafeXml;
import org.paperradio.core.xml.SafeXml.XmlException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Reads an OAI-PMH GetRecord answer with {@code metadataPrefix=arXiv}. The license is the point
 * (the API feed has none); the rest comes along because it is there.
 */
public final class OaiRecordParser {

    public static final String OAI = "http://www.openarchives.org/OAI/2.0/";
    public static final String ARXIV_OAI = "http://arxiv.org/OAI/arXiv/";

    /** OAI-PMH reported that it has no such record ({@code idDoesNotExist}). */
    public static final class NoSuchRecordException extends FeedException {
        public NoSuchRecordException(String message) {
            super(message);
        }
    }

    /**
     * Parses the answer. An OAI-PMH {@code <error>} throws: {@link NoSuchRecordException} for
     * {@code idDoesNotExist}, {@link FeedException} for the others, as for anything that is not
     * an OAI-PMH GetRecord in the arXiv format.
     */
    public OaiRecord parse(byte[] xml) throws FeedException {
        Document doc;
        try {
            doc = SafeXml.parse(xml, "OAI-PMH answer");
        } catch (XmlException e) {
            throw new FeedException(e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!SafeXml.is(root, OAI, "OAI-PMH")) {
            throw new FeedException("not an OAI-PMH answer: root element is <" + root.getTagName() + ">");
        }
        Element error = SafeXml.child(root, OAI, "error");
        if (error != null) {
            String code = error.getAttribute("code");
            String message = "OAI-PMH error " + code + ": " + SafeXml.collapse(error.getTextContent());
            if ("idDoesNotExist".equals(code)) {
                throw new NoSuchRecordException(message);
            }
            throw new FeedException(message);
        }
        Element getRecord = SafeXml.child(root, OAI, "GetRecord");
        Element record = getRecord == null ? null : SafeXml.child(getRecord, OAI, "record");
        Element metadata = record == null ? null : SafeXml.child(record, OAI, "metadata");
        Element arxiv = metadata == null ? null : SafeXml.child(metadata, ARXIV_OAI, "arXiv");
        if (arxiv == null) {
            throw new FeedException("OAI-PMH answer holds no record in the arXiv metadata format");
        }
        List<String> authors = new ArrayList<>();
        Element authorList = SafeXml.child(arxiv, ARXIV_OAI, "authors");
        if (authorList != null) {
            for (Element a : SafeXml.children(authorList, ARXIV_OAI, "author")) {
                String name = (SafeXml.text(a, ARXIV_OAI, "forenames") + " " + SafeXml.text(a, ARXIV_OAI, "keyname")
                        + " " + SafeXml.text(a, ARXIV_OAI, "suffix")).strip();
                if (!name.isEmpty()) {
                    authors.add(name);
                }
            }
        }
        String cats = SafeXml.text(arxiv, ARXIV_OAI, "categories");
        List<String> categories = cats.isEmpty() ? List.of() : Arrays.asList(cats.split(" "));
        String license = SafeXml.text(arxiv, ARXIV_OAI, "license");
        return new OaiRecord(
                SafeXml.text(arxiv, ARXIV_OAI, "id"),
                SafeXml.text(arxiv, ARXIV_OAI, "title"),
                authors,
                categories,
                SafeXml.text(arxiv, ARXIV_OAI, "abstract"),
                SafeXml.text(arxiv, ARXIV_OAI, "doi"),
                license.isEmpty() ? License.unknown() : License.of(license));
    }
}
