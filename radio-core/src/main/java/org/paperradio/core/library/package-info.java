/**
 * The paper library: every paper the station meets is indexed once (one document per arXiv base
 * id) in a durable Lucene index holding its metadata, full text for BM25 and a sentence
 * embedding for vector search, so shows can search all they covered and find related papers.
 */
package org.paperradio.core.library;
