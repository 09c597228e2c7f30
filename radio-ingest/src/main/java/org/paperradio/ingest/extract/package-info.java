/**
 * From a PDF to what the station uses: cleaned text split into sections (PDFBox text
 * extraction plus heuristics for headers, hyphenation and headings) and page images, with
 * page and time limits, and the pipeline's extract stage.
 */
package org.paperradio.ingest.extract;
