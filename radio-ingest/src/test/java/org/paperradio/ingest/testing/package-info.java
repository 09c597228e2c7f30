/**
 * Test helpers shared through radio-ingest's test-jar: generated papers ({@link
 * org.paperradio.ingest.testing.TestPapers}) as real PDFs ({@link
 * org.paperradio.ingest.testing.TestPdfs}), arXiv answers for a fake arXiv on loopback ({@link
 * org.paperradio.ingest.testing.TestFeeds}), fast HTTP settings ({@link
 * org.paperradio.ingest.testing.TestHttp}) and the optional real samples ({@link
 * org.paperradio.ingest.testing.RealFixtures}).
 */
package org.paperradio.ingest.testing;
