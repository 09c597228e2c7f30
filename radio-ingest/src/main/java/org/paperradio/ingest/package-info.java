/**
 * Where papers come from and how they become text: arXiv access ({@code arxiv}), PDF download
 * ({@code fetch}) and PDF reading ({@code extract}); {@link org.paperradio.ingest.Ingest} wires
 * them from the station's config.
 */
package org.paperradio.ingest;
