/**
 * The paper library: every paper the station meets is indexed once (one document per arXiv base
 * id) in a durable Lucene index holding its metadata, full text for BM25 and a sentence
 * embedding for vector search, plus passage documents (chunks of the body, each embedded) for
 * passage search, so shows can search all they covered, find related papers and
 * group a day's or a week's papers into labelled themes.
 */
package org.paperradio.core.library;
