package org.paperradio.ingest.fetch;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.paperradio.core.kernel.PaperStage;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.PaperRecord;
import org.paperradio.core.paper.Stage;
import org.paperradio.core.store.PaperFiles;
import org.paperradio.core.store.PaperStore;
import org.paperradio.ingest.arxiv.AtomFeedParser;
import org.paperradio.ingest.arxiv.LicenseLookup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DISCOVERED → FETCHED: learns the license if the feed did not tell it (stored in paper.json),
 * then downloads {@code paper.pdf} into the paper's folder.
 *
 * <p>Idempotent: when an earlier run stored paper.pdf but died before the store recorded the
 * stage, the file is kept and not downloaded again (it was checked and put in place atomically).
 */
public final class FetchStage implements PaperStage {

    private static final Logger log = LoggerFactory.getLogger(FetchStage.class);

    private final PaperStore store;
    private final PdfFetcher fetcher;
    private final LicenseLookup licenses;

    public FetchStage(PaperStore store, PdfFetcher fetcher, LicenseLookup licenses) {
        this.store = store;
        this.fetcher = fetcher;
        this.licenses = licenses;
    }

    @Override
    public String name() {
        return "fetch";
    }

    @Override
    public Stage input() {
        return Stage.DISCOVERED;
    }

    @Override
    public Stage output() {
        return Stage.FETCHED;
    }

    @Override
    public void process(PaperRecord paper) throws Exception {
        PaperMeta meta = paper.meta();
        if (!meta.license().isKnown()) {
            License license = licenses.lookup(meta.id());
            if (license.isKnown()) {
                meta = meta.withLicense(license);
                store.update(meta);
            }
        }
        Path target = store.file(meta.id(), PaperFiles.PDF);
        if (Files.isRegularFile(target)) {
            log.info("{} already on disk ({} bytes), not downloaded again", PaperFiles.PDF,
                    Files.size(target));
            return;
        }
        URI url = meta.pdfUrl() != null ? meta.pdfUrl() : AtomFeedParser.canonicalPdf(meta.id());
        long bytes = fetcher.fetch(url, target);
        log.info("fetched {} bytes from {}", bytes, url);
    }
}
