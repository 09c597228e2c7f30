package org.paperradio.ingest.extract;

/**
 * One line of text as PDFBox laid it out: its text, the font size most of its characters have
 * (in points), whether they are mostly bold, and whether PDFBox saw a paragraph start here.
 */
record TextLine(String text, float fontSize, boolean bold, boolean paragraphStart) {

    static TextLine of(String text) {
        return new TextLine(text, 0f, false, false);
    }
}
