/** Downloading papers' PDFs: the fetcher with its checks, and the pipeline's fetch stage. */
package org.paperradio.ingest.fetch;
