package org.paperradio.core.library;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.paperradio.core.paper.PaperMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The station's library of papers: a durable Lucene index in one folder holding, per arXiv base
 * id, the newest version's metadata, its full text (BM25 with English stemming) and the
 * embedding of its title and abstract (HNSW, dot product on unit vectors). Its body is also cut
 * into passages of whole sentences, each a document of its own (text and embedding) tied to the
 * paper by its base id, for {@link #passages}; every other call sees papers only.
 *
 * <p>{@link #search} fuses the BM25 and the vector ranking by reciprocal rank fusion, so a query
 * finds a paper by its rare exact terms and by meaning alike. Searches may run on any thread
 * while another adds papers; a search sees every {@link #add} that returned before it began.
 * Adds reach disk when {@link #commit()} runs, which happens by itself every {@code commitEvery}
 * adds and on {@link #close()}. {@link #themes} groups a set of papers (e.g. one day's) by
 * meaning and labels each group with its most distinctive words.
 */
public final class PaperLibrary implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PaperLibrary.class);

    /** Adds between automatic commits when the caller does not say. */
    public static final int DEFAULT_COMMIT_EVERY = 32;
    /** Most related papers one call may ask for. */
    public static final int MAX_RELATED = 100;
    /** Most papers one {@link #themes} call may group. */
    public static final int MAX_THEME_PAPERS = 5_000;
    /** Body text beyond this many characters is not indexed (bounds memory per paper). */
    static final int MAX_BODY_CHARS = 2_000_000;

    // RRF constant from Cormack et al.: damps the weight of the very top ranks.
    private static final int RRF_K = 60;

    private static final String F_BASE = "base";
    private static final String F_ID = "id";
    private static final String F_VERSION = "version";
    private static final String F_TITLE = "title";
    private static final String F_ABSTRACT = "abstract";
    private static final String F_BODY = "body";
    private static final String F_CATEGORY = "category";
    private static final String F_PUBLISHED = "published";
    private static final String F_VECTOR = "vector";
    private static final String F_VECTOR_BYTES = "vector_bytes";
    // passage documents: one per chunk of a paper's body, sharing the paper's base id so one
    // update replaces (or deletes) a paper together with all its passages
    private static final String F_KIND = "kind";
    private static final String KIND_PAPER = "paper";
    private static final String KIND_PASSAGE = "passage";
    private static final String F_PASSAGE_INDEX = "passage_index";
    private static final String F_PASSAGE_TITLE = "passage_title";
    private static final String F_PASSAGE_TEXT = "passage_text";
    private static final String F_PASSAGE_VECTOR = "passage_vector";
    private static final String USER_EMBEDDER = "embedder";
    private static final String USER_DIMENSION = "dimension";

    private final Embedder embedder;
    private final Analyzer analyzer;
    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final int commitEvery;
    /** Newest indexed version per base id, so an older version arriving late never wins. */
    private final Map<String, Integer> versions;
    private final Object addLock = new Object();
    private int uncommitted;

    private PaperLibrary(Embedder embedder, Analyzer analyzer, Directory directory, IndexWriter writer,
            SearcherManager searchers, int commitEvery, Map<String, Integer> versions) {
        this.embedder = embedder;
        this.analyzer = analyzer;
        this.directory = directory;
        this.writer = writer;
        this.searchers = searchers;
        this.commitEvery = commitEvery;
        this.versions = versions;
    }

    /** Opens (or creates) the library in {@code dir}, committing every {@value #DEFAULT_COMMIT_EVERY} adds. */
    public static PaperLibrary open(Path dir, Embedder embedder) throws IOException {
        return open(dir, embedder, DEFAULT_COMMIT_EVERY);
    }

    /**
     * Opens (or creates) the library in {@code dir}. Only one library may have a folder open at a
     * time (Lucene's write lock). Fails with {@link IllegalStateException} when the index was
     * built with another embedding model: delete the folder and index again.
     */
    public static PaperLibrary open(Path dir, Embedder embedder, int commitEvery) throws IOException {
        if (commitEvery < 1) {
            throw new IllegalArgumentException("commitEvery must be 1 or more: " + commitEvery);
        }
        Files.createDirectories(dir);
        Directory directory = FSDirectory.open(dir);
        try {
            checkModel(directory, embedder, dir);
            Analyzer analyzer = new EnglishAnalyzer();
            IndexWriterConfig config = new IndexWriterConfig(analyzer)
                    .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            IndexWriter writer = new IndexWriter(directory, config);
            writer.setLiveCommitData(Map.of(
                    USER_EMBEDDER, embedder.name(),
                    USER_DIMENSION, Integer.toString(embedder.dimension())).entrySet());
            SearcherManager searchers = new SearcherManager(writer, true, false, new SearcherFactory());
            Map<String, Integer> versions = new ConcurrentHashMap<>(loadVersions(searchers));
            LOG.info("library open at {} with {} papers", dir, versions.size());
            return new PaperLibrary(embedder, analyzer, directory, writer, searchers, commitEvery, versions);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    private static void checkModel(Directory directory, Embedder embedder, Path dir) throws IOException {
        if (!DirectoryReader.indexExists(directory)) {
            return;
        }
        Map<String, String> data = SegmentInfos.readLatestCommit(directory).getUserData();
        String model = data.get(USER_EMBEDDER);
        String dimension = data.get(USER_DIMENSION);
        if (model != null && (!model.equals(embedder.name())
                || !Integer.toString(embedder.dimension()).equals(dimension))) {
            throw new IllegalStateException("library at " + dir + " was built with embedding model " + model
                    + " (" + dimension + " dimensions), not " + embedder.name() + " (" + embedder.dimension()
                    + "); delete the folder to index again");
        }
    }

    private static Map<String, Integer> loadVersions(SearcherManager searchers) throws IOException {
        Map<String, Integer> out = new HashMap<>();
        IndexSearcher searcher = searchers.acquire();
        try {
            for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
                LeafReader reader = leaf.reader();
                Bits live = reader.getLiveDocs();
                StoredFields stored = reader.storedFields();
                for (int doc = 0; doc < reader.maxDoc(); doc++) {
                    if (live == null || live.get(doc)) {
                        Document d = stored.document(doc, Set.of(F_BASE, F_VERSION, F_KIND));
                        if (KIND_PASSAGE.equals(d.get(F_KIND))) {
                            continue;
                        }
                        out.merge(d.get(F_BASE), d.getField(F_VERSION).numericValue().intValue(), Math::max);
                    }
                }
            }
        } finally {
            searchers.release(searcher);
        }
        return out;
    }

    /**
     * Indexes a paper, replacing any other version of it (one document per base id): the newest
     * version wins, an older one arriving late is ignored, and adding the same version again
     * refreshes it (e.g. once its full text is known). {@code fullText} may be null or empty.
     * The body is also cut into passages (see {@link #passages}), each embedded: at most
     * {@value PassageSplitter#MAX_PASSAGES} embeddings more per paper.
     *
     * @return false when a newer version is already in the library and nothing changed
     */
    public boolean add(PaperMeta meta, String fullText) throws IOException {
        // the index stage runs in the paper's scope already; a rebuild from the store does not
        try (PaperLog.Scope scope = PaperLog.scope(meta.id())) {
            return addInScope(meta, fullText);
        }
    }

    private boolean addInScope(PaperMeta meta, String fullText) throws IOException {
        String text = embeddingText(meta);
        if (text.isBlank()) {
            throw new IllegalArgumentException("paper=" + meta.id() + " has neither title nor abstract to index");
        }
        String body = fullText == null ? "" : fullText;
        if (body.length() > MAX_BODY_CHARS) {
            LOG.warn("body of {} characters cut to {} for indexing", body.length(), MAX_BODY_CHARS);
            body = body.substring(0, MAX_BODY_CHARS);
        }
        // embedding is the slow part: outside the lock, so adds on several threads overlap
        float[] vector = checked(embedder.embed(text));
        List<String> chunks = PassageSplitter.split(body);
        List<Document> docs = new ArrayList<>(1 + chunks.size());
        docs.add(document(meta, body, vector));
        for (int i = 0; i < chunks.size(); i++) {
            docs.add(passageDocument(meta, i, chunks.get(i), checked(embedder.embed(chunks.get(i)))));
        }
        boolean commitNow;
        synchronized (addLock) {
            Integer known = versions.get(meta.id().base());
            if (known != null && known > meta.id().version()) {
                LOG.info("not indexed: v{} is already in the library", known);
                return false;
            }
            // one atomic update: the old version's paper and passage documents go, the new ones come
            writer.updateDocuments(new Term(F_BASE, meta.id().base()), docs);
            versions.put(meta.id().base(), meta.id().version());
            uncommitted++;
            commitNow = uncommitted >= commitEvery;
        }
        LOG.debug("indexed with {} passages", chunks.size());
        if (commitNow) {
            commit();
        }
        return true;
    }

    private float[] checked(float[] vector) {
        if (vector.length != embedder.dimension()) {
            throw new IllegalStateException("embedder " + embedder.name() + " gave " + vector.length
                    + " dimensions, promised " + embedder.dimension());
        }
        return vector;
    }

    private static String embeddingText(PaperMeta meta) {
        if (meta.title().isEmpty()) {
            return meta.abstractText();
        }
        return meta.abstractText().isEmpty() ? meta.title() : meta.title() + ". " + meta.abstractText();
    }

    private static Document document(PaperMeta meta, String body, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(F_BASE, meta.id().base(), Field.Store.YES));
        doc.add(new StringField(F_KIND, KIND_PAPER, Field.Store.YES));
        doc.add(new StoredField(F_ID, meta.id().toString()));
        doc.add(new StoredField(F_VERSION, meta.id().version()));
        doc.add(new TextField(F_TITLE, meta.title(), Field.Store.YES));
        // stored for theme labels; papers indexed before it was stored label from their title alone
        doc.add(new TextField(F_ABSTRACT, meta.abstractText(), Field.Store.YES));
        doc.add(new TextField(F_BODY, body, Field.Store.NO));
        addFilterFields(doc, meta);
        doc.add(new KnnFloatVectorField(F_VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        // kept stored too so related() can start from a paper without embedding it again
        doc.add(new StoredField(F_VECTOR_BYTES, Vectors.toBytes(vector)));
        return doc;
    }

    private static void addFilterFields(Document doc, PaperMeta meta) {
        for (String category : meta.categories()) {
            doc.add(new StringField(F_CATEGORY, category, Field.Store.YES));
        }
        if (meta.published() != null) {
            long millis = meta.published().toEpochMilli();
            doc.add(new LongPoint(F_PUBLISHED, millis));
            doc.add(new StoredField(F_PUBLISHED, millis));
        }
    }

    private static Document passageDocument(PaperMeta meta, int index, String text, float[] vector) {
        Document doc = new Document();
        doc.add(new StringField(F_BASE, meta.id().base(), Field.Store.YES));
        doc.add(new StringField(F_KIND, KIND_PASSAGE, Field.Store.YES));
        doc.add(new StoredField(F_ID, meta.id().toString()));
        doc.add(new StoredField(F_VERSION, meta.id().version()));
        // stored only: an indexed title here would count twice in the theme labels' word statistics
        doc.add(new StoredField(F_PASSAGE_TITLE, meta.title()));
        doc.add(new StoredField(F_PASSAGE_INDEX, index));
        doc.add(new TextField(F_PASSAGE_TEXT, text, Field.Store.YES));
        addFilterFields(doc, meta);
        doc.add(new KnnFloatVectorField(F_PASSAGE_VECTOR, vector, VectorSimilarityFunction.DOT_PRODUCT));
        return doc;
    }

    /** Matches paper documents only; indexes built before passages existed have no kind field. */
    private static Query papersOnly(Query query) {
        return new BooleanQuery.Builder()
                .add(query, Occur.MUST)
                .add(new TermQuery(new Term(F_KIND, KIND_PASSAGE)), Occur.MUST_NOT)
                .build();
    }

    /** Writes every add so far to disk. */
    public void commit() throws IOException {
        synchronized (addLock) {
            uncommitted = 0;
        }
        writer.commit();
    }

    /** The indexed version of a paper, if any version of it is in the library. */
    public Optional<ArxivId> indexed(String base) {
        Integer v = versions.get(base);
        return v == null ? Optional.empty() : Optional.of(new ArxivId(base, v));
    }

    /** Number of papers (base ids) in the library. */
    public int size() {
        return versions.size();
    }

    /**
     * Hybrid search: the BM25 ranking (title, abstract and body) and the vector ranking of the
     * query's embedding, fused by reciprocal rank, within the query's categories and dates.
     */
    public List<Hit> search(LibraryQuery query) throws IOException {
        Query filter = filter(query);
        int depth = Math.min(Math.max(query.limit() * 4, 40), 400);
        SimpleQueryParser parser = new SimpleQueryParser(analyzer,
                Map.of(F_TITLE, 2.0f, F_ABSTRACT, 1.5f, F_BODY, 1.0f));
        Query words = parser.parse(query.text());
        float[] vector = embedder.embed(query.text());

        IndexSearcher searcher = acquireFresh();
        try {
            return fusedRanking(searcher, words, F_VECTOR, vector, filter, depth, query.limit()).stream()
                    .map(e -> hit(searcher, e.getKey(), e.getValue()))
                    .toList();
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The BM25 ranking of {@code words} (when there are any) and the vector ranking of
     * {@code vector} in {@code vectorField}, both within {@code filter}, fused by reciprocal rank:
     * the best {@code limit} documents with their fused scores, best first.
     */
    private static List<Map.Entry<Integer, Double>> fusedRanking(IndexSearcher searcher, Query words,
            String vectorField, float[] vector, Query filter, int depth, int limit) throws IOException {
        Map<Integer, Double> fused = new LinkedHashMap<>();
        if (words != null) {
            BooleanQuery.Builder bm25 = new BooleanQuery.Builder().add(words, Occur.MUST);
            if (filter != null) {
                bm25.add(filter, Occur.FILTER);
            }
            fuse(fused, searcher.search(bm25.build(), depth).scoreDocs);
        }
        fuse(fused, searcher.search(new KnnFloatVectorQuery(vectorField, vector, depth, filter), depth).scoreDocs);
        return fused.entrySet().stream()
                .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed())
                .limit(limit)
                .toList();
    }

    /**
     * Hybrid search of the papers' passages: the BM25 ranking of the passage texts and the vector
     * ranking of their embeddings, fused by reciprocal rank, within the query's categories and
     * dates, at most {@code query.limit()} passages (several may come from one paper). Papers
     * indexed without full text, or into an index built before passages existed, have none.
     */
    public List<Passage> passages(LibraryQuery query) throws IOException {
        Query filter = filter(query);
        int depth = Math.min(Math.max(query.limit() * 4, 40), 400);
        Query words = new SimpleQueryParser(analyzer, F_PASSAGE_TEXT).parse(query.text());
        float[] vector = embedder.embed(query.text());

        IndexSearcher searcher = acquireFresh();
        try {
            List<Passage> out = new ArrayList<>();
            StoredFields stored = searcher.storedFields();
            for (Map.Entry<Integer, Double> e
                    : fusedRanking(searcher, words, F_PASSAGE_VECTOR, vector, filter, depth, query.limit())) {
                Document d = stored.document(e.getKey(),
                        Set.of(F_ID, F_PASSAGE_TITLE, F_PASSAGE_INDEX, F_PASSAGE_TEXT));
                out.add(new Passage(ArxivId.parse(d.get(F_ID)), d.get(F_PASSAGE_TITLE),
                        d.getField(F_PASSAGE_INDEX).numericValue().intValue(), d.get(F_PASSAGE_TEXT), e.getValue()));
            }
            return out;
        } finally {
            searchers.release(searcher);
        }
    }

    private static void fuse(Map<Integer, Double> fused, ScoreDoc[] ranking) {
        for (int rank = 0; rank < ranking.length; rank++) {
            fused.merge(ranking[rank].doc, 1.0 / (RRF_K + rank + 1), Double::sum);
        }
    }

    private static Query filter(LibraryQuery query) {
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        boolean any = false;
        if (!query.categories().isEmpty()) {
            BooleanQuery.Builder oneOf = new BooleanQuery.Builder();
            query.categories().stream().sorted()
                    .forEach(c -> oneOf.add(new TermQuery(new Term(F_CATEGORY, c)), Occur.SHOULD));
            b.add(oneOf.build(), Occur.FILTER);
            any = true;
        }
        if (query.from() != null || query.to() != null) {
            long from = query.from() == null ? Long.MIN_VALUE : query.from().toEpochMilli();
            long to = query.to() == null ? Long.MAX_VALUE : query.to().toEpochMilli();
            b.add(LongPoint.newRangeQuery(F_PUBLISHED, from, to), Occur.FILTER);
            any = true;
        }
        return any ? b.build() : null;
    }

    /**
     * Up to {@code k} papers closest in meaning to the given one, most similar first, never the
     * paper itself nor another version of it. Empty when no version of it is in the library.
     */
    public List<Hit> related(ArxivId id, int k) throws IOException {
        if (k < 1 || k > MAX_RELATED) {
            throw new IllegalArgumentException("k must be between 1 and " + MAX_RELATED + ": " + k);
        }
        IndexSearcher searcher = acquireFresh();
        try {
            Term base = new Term(F_BASE, id.base());
            ScoreDoc[] self = searcher.search(papersOnly(new TermQuery(base)), 1).scoreDocs;
            if (self.length == 0) {
                return List.of();
            }
            BytesRef bytes = searcher.storedFields().document(self[0].doc, Set.of(F_VECTOR_BYTES))
                    .getBinaryValue(F_VECTOR_BYTES);
            float[] vector = Vectors.fromBytes(bytes.bytes, bytes.offset, bytes.length);
            Query others = new BooleanQuery.Builder()
                    .add(new MatchAllDocsQuery(), Occur.FILTER)
                    .add(new TermQuery(base), Occur.MUST_NOT)
                    .build();
            ScoreDoc[] found = searcher.search(new KnnFloatVectorQuery(F_VECTOR, vector, k, others), k).scoreDocs;
            List<Hit> hits = new ArrayList<>(found.length);
            for (ScoreDoc d : found) {
                hits.add(hit(searcher, d.doc, d.score));
            }
            return hits;
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The themes of the papers published between {@code from} and {@code to} inclusive (null
     * means open), e.g. one day's or one week's papers: groups of papers close in meaning, each
     * with a short label of its most distinctive words, largest group first. Empty when no paper
     * falls in the range.
     *
     * @throws IllegalArgumentException when more than {@value #MAX_THEME_PAPERS} papers fall in it
     */
    public List<Theme> themes(Instant from, Instant to) throws IOException {
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("date range is empty: from " + from + " is after to " + to);
        }
        long lo = from == null ? Long.MIN_VALUE : from.toEpochMilli();
        long hi = to == null ? Long.MAX_VALUE : to.toEpochMilli();
        Query range = papersOnly(LongPoint.newRangeQuery(F_PUBLISHED, lo, hi));
        IndexSearcher searcher = acquireFresh();
        try {
            int count = searcher.count(range);
            if (count > MAX_THEME_PAPERS) {
                throw new IllegalArgumentException(count + " papers between " + from + " and " + to
                        + ", at most " + MAX_THEME_PAPERS + " can be grouped: narrow the range");
            }
            if (count == 0) {
                return List.of();
            }
            ScoreDoc[] found = searcher.search(range, count, new Sort(SortField.FIELD_DOC)).scoreDocs;
            List<Integer> docs = new ArrayList<>(found.length);
            for (ScoreDoc d : found) {
                docs.add(d.doc);
            }
            return themes(searcher, docs);
        } finally {
            searchers.release(searcher);
        }
    }

    /**
     * The themes of the given papers (see {@link #themes(Instant, Instant)}). Each id stands for
     * the version of it in the library; ids not in the library are left out.
     *
     * @throws IllegalArgumentException when more than {@value #MAX_THEME_PAPERS} ids are given
     */
    public List<Theme> themes(Collection<ArxivId> ids) throws IOException {
        if (ids.size() > MAX_THEME_PAPERS) {
            throw new IllegalArgumentException(ids.size() + " papers given, at most " + MAX_THEME_PAPERS
                    + " can be grouped");
        }
        IndexSearcher searcher = acquireFresh();
        try {
            List<Integer> docs = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (ArxivId id : ids) {
                if (!seen.add(id.base())) {
                    continue;
                }
                ScoreDoc[] self = searcher.search(papersOnly(new TermQuery(new Term(F_BASE, id.base()))), 1)
                        .scoreDocs;
                if (self.length == 0) {
                    try (PaperLog.Scope scope = PaperLog.scope(id)) {
                        LOG.debug("not in the library, left out of the themes");
                    }
                } else {
                    docs.add(self[0].doc);
                }
            }
            return themes(searcher, docs);
        } finally {
            searchers.release(searcher);
        }
    }

    private static List<Theme> themes(IndexSearcher searcher, List<Integer> docs) throws IOException {
        StoredFields stored = searcher.storedFields();
        List<ThemeFinder.Item> items = new ArrayList<>(docs.size());
        for (int doc : docs) {
            Document d = stored.document(doc, Set.of(F_ID, F_TITLE, F_ABSTRACT, F_VECTOR_BYTES));
            BytesRef bytes = d.getBinaryValue(F_VECTOR_BYTES);
            float[] vector = Vectors.fromBytes(bytes.bytes, bytes.offset, bytes.length);
            items.add(new ThemeFinder.Item(ArxivId.parse(d.get(F_ID)), d.get(F_TITLE), d.get(F_ABSTRACT), vector));
        }
        IndexReader reader = searcher.getIndexReader();
        ThemeFinder finder = new ThemeFinder(stem -> {
            try {
                return Math.max(reader.docFreq(new Term(F_TITLE, stem)), reader.docFreq(new Term(F_ABSTRACT, stem)));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, searcher.count(papersOnly(new MatchAllDocsQuery())));
        List<Theme> themes = finder.themes(items);
        LOG.debug("{} papers in {} themes: {}", items.size(), themes.size(),
                themes.stream().map(t -> t.label() + " (" + t.size() + ")").toList());
        return themes;
    }

    private IndexSearcher acquireFresh() throws IOException {
        // cheap when nothing changed; makes every finished add visible to this search
        searchers.maybeRefreshBlocking();
        return searchers.acquire();
    }

    private static Hit hit(IndexSearcher searcher, int doc, double score) {
        try {
            Document d = searcher.storedFields().document(doc, Set.of(F_ID, F_TITLE));
            return new Hit(ArxivId.parse(d.get(F_ID)), d.get(F_TITLE), score);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Commits what is pending and releases the folder. */
    @Override
    public void close() throws IOException {
        try (directory; writer; searchers) {
            writer.commit();
        }
    }
}
