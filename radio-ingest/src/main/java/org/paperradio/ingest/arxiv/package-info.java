/**
 * Talking to arXiv: one polite HTTP client ({@link org.paperradio.ingest.arxiv.ArxivHttp}), the
 * API source of new papers, the license lookup over OAI-PMH, and hardened parsers for the
 * Atom, RSS and OAI-PMH answers.
 */
package org.paperradio.ingest.arxiv;
