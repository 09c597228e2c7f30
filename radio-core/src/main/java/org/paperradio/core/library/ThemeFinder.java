package org.paperradio.core.library;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.KeywordRepeatFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.KeywordAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.paperradio.core.paper.ArxivId;

/**
 * Groups papers by their embeddings (spherical k-means, k-means++ seeding with a fixed seed, k
 * chosen by the mean silhouette over 2..min(8, n/2)) and labels each group with the terms that
 * are common in it and rare in the whole library (document frequency from the index), two top
 * terms that stand side by side in the group's papers read as one phrase.
 * Deterministic: the same papers in the same order give the same themes.
 */
final class ThemeFinder {

    /** One paper to group: its embedding (unit length) and the text its label words come from. */
    record Item(ArxivId id, String title, String text, float[] vector) {
    }

    static final int MAX_K = 8;
    private static final long SEED = 20_260_101L;
    private static final int RESTARTS = 4;
    private static final int MAX_ITERATIONS = 60;
    /** Silhouette is quadratic in the papers: above this many it is measured on an even sample. */
    private static final int SILHOUETTE_SAMPLE = 1_500;
    private static final int MIN_TERM_LENGTH = 3;
    private static final int LABEL_PARTS = 3;
    /** A label is said on air: a few words, not a list. */
    private static final int LABEL_WORDS = 4;

    // words every abstract uses; the library's document frequencies rank them low anyway, but a
    // small or young library cannot tell them apart from topic words
    private static final Set<String> PAPER_WORDS = Set.of(
            "we", "our", "us", "paper", "propose", "proposed", "present", "presents", "show", "shows",
            "result", "results", "method", "methods", "approach", "approaches", "new", "novel", "using",
            "use", "used", "based", "study", "studies", "also", "can", "which", "from", "via", "than",
            "two", "one", "three", "first", "both", "each", "other", "over", "under", "between", "while",
            "its", "has", "have", "had", "been", "were", "all", "more", "most", "many", "much", "how",
            "what", "when", "where", "who", "whose", "within", "without", "out", "up", "do", "does",
            "well", "only", "work", "find", "found", "give", "gives", "given", "make", "makes", "here",
            "further", "thus", "however", "some", "any", "may", "might", "would", "could", "should",
            "large", "small", "high", "low", "allow", "allows", "achieve", "achieves", "improve",
            "improves", "improving", "demonstrate", "demonstrates", "introduce", "introduces");

    private final ToIntFunction<String> docFreq;
    private final int numDocs;

    /**
     * @param docFreq number of library papers whose title or abstract holds a stemmed term
     * @param numDocs number of papers in the library
     */
    ThemeFinder(ToIntFunction<String> docFreq, int numDocs) {
        this.docFreq = docFreq;
        this.numDocs = numDocs;
    }

    List<Theme> themes(List<Item> items) {
        int n = items.size();
        if (n == 0) {
            return List.of();
        }
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = items.get(i).vector();
        }
        int[] assignment = n < 4 ? new int[n] : bestClustering(x);
        int k = Arrays.stream(assignment).max().orElse(0) + 1;
        List<List<Integer>> groups = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            groups.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            groups.get(assignment[i]).add(i);
        }
        List<Doc> docs = new ArrayList<>(n);
        try (Analyzer analyzer = new LabelAnalyzer()) {
            for (Item it : items) {
                docs.add(terms(analyzer, it.title(), it.text()));
            }
        }
        List<Theme> out = new ArrayList<>();
        for (List<Integer> group : groups) {
            if (group.isEmpty()) {
                continue;
            }
            float[] centre = centroid(x, group);
            List<Hit> hits = group.stream()
                    .map(i -> new Hit(items.get(i).id(), items.get(i).title(), dot(x[i], centre)))
                    .sorted(Comparator.comparingDouble(Hit::score).reversed()
                            .thenComparing(h -> h.id().toString()))
                    .toList();
            out.add(new Theme(label(group.stream().map(docs::get).toList()), hits));
        }
        out.sort(Comparator.comparingInt(Theme::size).reversed().thenComparing(Theme::label));
        return out;
    }

    // ---- clustering ------------------------------------------------------------------------

    private static int[] bestClustering(float[][] x) {
        int n = x.length;
        int[] sample = sample(n);
        float[][] sim = new float[sample.length][sample.length];
        for (int a = 0; a < sample.length; a++) {
            for (int b = a; b < sample.length; b++) {
                sim[a][b] = sim[b][a] = dot(x[sample[a]], x[sample[b]]);
            }
        }
        Random random = new Random(SEED);
        int[] best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 2; k <= Math.min(MAX_K, n / 2); k++) {
            int[] assignment = kMeans(x, k, random);
            double score = silhouette(sim, sample, assignment);
            // strictly better only: on a tie the fewer, broader themes win
            if (score > bestScore + 1e-9) {
                best = assignment;
                bestScore = score;
            }
        }
        return best;
    }

    private static int[] sample(int n) {
        int m = Math.min(n, SILHOUETTE_SAMPLE);
        int[] out = new int[m];
        for (int i = 0; i < m; i++) {
            out[i] = (int) ((long) i * n / m);
        }
        return out;
    }

    /** Best of a few spherical k-means runs (highest total similarity to the centres). */
    static int[] kMeans(float[][] x, int k, Random random) {
        int[] best = null;
        double bestFit = Double.NEGATIVE_INFINITY;
        for (int r = 0; r < RESTARTS; r++) {
            float[][] centres = seed(x, k, random);
            int[] assignment = new int[x.length];
            Arrays.fill(assignment, -1);
            double fit = 0;
            for (int iter = 0; iter < MAX_ITERATIONS; iter++) {
                boolean changed = false;
                fit = 0;
                for (int i = 0; i < x.length; i++) {
                    int arg = 0;
                    float top = Float.NEGATIVE_INFINITY;
                    for (int c = 0; c < k; c++) {
                        float s = dot(x[i], centres[c]);
                        if (s > top) {
                            top = s;
                            arg = c;
                        }
                    }
                    fit += top;
                    if (assignment[i] != arg) {
                        assignment[i] = arg;
                        changed = true;
                    }
                }
                if (!changed) {
                    break;
                }
                centres = recentre(x, assignment, k, centres);
            }
            if (fit > bestFit) {
                bestFit = fit;
                best = assignment.clone();
            }
        }
        return best;
    }

    /** k-means++: each next centre drawn with probability growing with its distance to the chosen ones. */
    private static float[][] seed(float[][] x, int k, Random random) {
        float[][] centres = new float[k][];
        centres[0] = x[random.nextInt(x.length)];
        double[] dist = new double[x.length];
        Arrays.fill(dist, Double.MAX_VALUE);
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < x.length; i++) {
                dist[i] = Math.min(dist[i], Math.max(0, 1 - dot(x[i], centres[c - 1])));
                total += dist[i] * dist[i];
            }
            int pick = random.nextInt(x.length);
            if (total > 0) {
                double target = random.nextDouble() * total;
                for (int i = 0; i < x.length; i++) {
                    target -= dist[i] * dist[i];
                    if (target <= 0) {
                        pick = i;
                        break;
                    }
                }
            }
            centres[c] = x[pick];
        }
        return centres;
    }

    private static float[][] recentre(float[][] x, int[] assignment, int k, float[][] old) {
        int d = x[0].length;
        double[][] sums = new double[k][d];
        int[] counts = new int[k];
        for (int i = 0; i < x.length; i++) {
            counts[assignment[i]]++;
            double[] s = sums[assignment[i]];
            for (int j = 0; j < d; j++) {
                s[j] += x[i][j];
            }
        }
        float[][] out = new float[k][];
        for (int c = 0; c < k; c++) {
            if (counts[c] == 0) {
                // an empty group takes the paper that fits its own group worst
                int worst = 0;
                float low = Float.MAX_VALUE;
                for (int i = 0; i < x.length; i++) {
                    float s = dot(x[i], old[assignment[i]]);
                    if (s < low) {
                        low = s;
                        worst = i;
                    }
                }
                out[c] = x[worst];
            } else {
                out[c] = unit(sums[c], x[0]);
            }
        }
        return out;
    }

    private static float[] unit(double[] sum, float[] fallback) {
        double norm = 0;
        for (double v : sum) {
            norm += v * v;
        }
        if (norm == 0) {
            return fallback;
        }
        norm = Math.sqrt(norm);
        float[] out = new float[sum.length];
        for (int j = 0; j < sum.length; j++) {
            out[j] = (float) (sum[j] / norm);
        }
        return out;
    }

    /** Mean silhouette with cosine distance, over the sampled papers. */
    static double silhouette(float[][] sim, int[] sample, int[] assignment) {
        int m = sample.length;
        int k = Arrays.stream(assignment).max().orElse(0) + 1;
        double total = 0;
        for (int a = 0; a < m; a++) {
            double[] sum = new double[k];
            int[] count = new int[k];
            for (int b = 0; b < m; b++) {
                if (a != b) {
                    int c = assignment[sample[b]];
                    sum[c] += 1 - sim[a][b];
                    count[c]++;
                }
            }
            int own = assignment[sample[a]];
            if (count[own] == 0) {
                continue; // a paper alone in its group scores 0 by convention
            }
            double inside = sum[own] / count[own];
            double nearest = Double.MAX_VALUE;
            for (int c = 0; c < k; c++) {
                if (c != own && count[c] > 0) {
                    nearest = Math.min(nearest, sum[c] / count[c]);
                }
            }
            if (nearest == Double.MAX_VALUE) {
                continue;
            }
            double spread = Math.max(inside, nearest);
            total += spread == 0 ? 0 : (nearest - inside) / spread;
        }
        return total / m;
    }

    private static float[] centroid(float[][] x, List<Integer> group) {
        double[] sum = new double[x[0].length];
        for (int i : group) {
            for (int j = 0; j < sum.length; j++) {
                sum[j] += x[i][j];
            }
        }
        return unit(sum, x[group.get(0)]);
    }

    static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    // ---- labels ----------------------------------------------------------------------------

    /** A paper's label candidates: stem to weight (title words count more), and adjacent stem pairs. */
    private record Doc(Map<String, Double> weights, Set<String> pairs, Map<String, String> surfaces) {
    }

    private static Doc terms(Analyzer analyzer, String title, String text) {
        Map<String, Double> weights = new HashMap<>();
        Map<String, String> surfaces = new HashMap<>();
        Set<String> pairs = new HashSet<>();
        collect(analyzer, title, 1.5, weights, surfaces, pairs);
        collect(analyzer, text, 1.0, weights, surfaces, pairs);
        return new Doc(weights, pairs, surfaces);
    }

    private static void collect(Analyzer analyzer, String text, double weight, Map<String, Double> weights,
            Map<String, String> surfaces, Set<String> pairs) {
        if (text == null || text.isBlank()) {
            return;
        }
        try (TokenStream ts = analyzer.tokenStream("label", new StringReader(text))) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            KeywordAttribute keyword = ts.addAttribute(KeywordAttribute.class);
            PositionIncrementAttribute increment = ts.addAttribute(PositionIncrementAttribute.class);
            ts.reset();
            String surface = null;
            String previous = null;
            boolean gap = false;
            while (ts.incrementToken()) {
                if (keyword.isKeyword()) {
                    // KeywordRepeatFilter: the unstemmed word comes first, its stem next
                    surface = term.toString();
                    gap = increment.getPositionIncrement() > 1;
                    continue;
                }
                String stem = term.toString();
                if (surface == null || !usable(surface)) {
                    previous = null;
                    continue;
                }
                weights.merge(stem, weight, Math::max);
                surfaces.putIfAbsent(stem, surface);
                if (previous != null && !gap) {
                    pairs.add(previous + " " + stem);
                }
                previous = stem;
            }
            ts.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean usable(String surface) {
        if (surface.length() < MIN_TERM_LENGTH || PAPER_WORDS.contains(surface)) {
            return false;
        }
        for (int i = 0; i < surface.length(); i++) {
            if (!Character.isLetter(surface.charAt(i)) && surface.charAt(i) != '-') {
                return false;
            }
        }
        return true;
    }

    private String label(List<Doc> group) {
        Map<String, Double> coverage = new HashMap<>();
        Map<String, Integer> papers = new HashMap<>();
        Map<String, Map<String, Integer>> surfaceCounts = new HashMap<>();
        Map<String, Integer> pairCounts = new HashMap<>();
        for (Doc doc : group) {
            doc.weights().forEach((stem, w) -> {
                coverage.merge(stem, w, Double::sum);
                papers.merge(stem, 1, Integer::sum);
                surfaceCounts.computeIfAbsent(stem, s -> new HashMap<>())
                        .merge(doc.surfaces().get(stem), 1, Integer::sum);
            });
            doc.pairs().forEach(p -> pairCounts.merge(p, 1, Integer::sum));
        }
        // a label word should be shared by the group, not one paper's quirk, when the group allows
        int minPapers = group.size() >= 2 ? 2 : 1;
        Map<String, Double> scores = new LinkedHashMap<>();
        coverage.forEach((stem, cover) -> {
            // share of the group holding the word times the log of how much likelier it is in the
            // group than in the library (its part of the KL divergence): a word every paper uses
            // scores little however often the group uses it; the small constant keeps an order
            // when the group is the whole library
            double inGroup = (double) papers.get(stem) / group.size();
            double inLibrary = (docFreq.applyAsInt(stem) + 1.0) / (numDocs + 1.0);
            double lift = Math.max(0, Math.log(inGroup / inLibrary)) + 0.05;
            scores.put(stem, cover / group.size() * lift);
        });
        List<String> ranked = scores.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
        List<String> candidates = ranked.stream().filter(s -> papers.get(s) >= minPapers).toList();
        if (candidates.size() < 2) {
            candidates = ranked;
        }
        List<String> top = candidates.subList(0, Math.min(candidates.size(), LABEL_PARTS * 2));
        List<String> parts = new ArrayList<>();
        Set<String> used = new HashSet<>();
        for (String stem : top) {
            if (parts.size() == LABEL_PARTS) {
                break;
            }
            if (used.contains(stem)) {
                continue;
            }
            used.add(stem);
            String phrase = surface(surfaceCounts, stem);
            // two top words that stand side by side in most of the papers read better as a phrase
            for (String other : top) {
                if (used.contains(other)) {
                    continue;
                }
                int together = Math.min(papers.get(stem), papers.get(other));
                int minTogether = Math.max(minPapers, (together + 1) / 2);
                if (pairCounts.getOrDefault(stem + " " + other, 0) >= minTogether) {
                    phrase = phrase + " " + surface(surfaceCounts, other);
                    used.add(other);
                    break;
                }
                if (pairCounts.getOrDefault(other + " " + stem, 0) >= minTogether) {
                    phrase = surface(surfaceCounts, other) + " " + phrase;
                    used.add(other);
                    break;
                }
            }
            int words = parts.stream().mapToInt(ThemeFinder::words).sum();
            if (!parts.isEmpty() && words + words(phrase) > LABEL_WORDS) {
                continue;
            }
            parts.add(phrase);
        }
        return parts.isEmpty() ? "miscellany" : String.join(", ", parts);
    }

    private static int words(String phrase) {
        return phrase.split(" ").length;
    }

    private static String surface(Map<String, Map<String, Integer>> counts, String stem) {
        // the commonest spelling; on a tie the alphabetically first, so labels are stable
        Comparator<Map.Entry<String, Integer>> order = Map.Entry.comparingByValue();
        order = order.reversed().thenComparing(Map.Entry::getKey);
        return counts.get(stem).entrySet().stream().min(order).map(Map.Entry::getKey).orElse(stem);
    }

    /** EnglishAnalyzer's chain (so stems match the index) with each word also kept unstemmed. */
    private static final class LabelAnalyzer extends Analyzer {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer source = new StandardTokenizer();
            TokenStream result = new EnglishPossessiveFilter(source);
            result = new LowerCaseFilter(result);
            result = new StopFilter(result, EnglishAnalyzer.ENGLISH_STOP_WORDS_SET);
            result = new KeywordRepeatFilter(result);
            result = new PorterStemFilter(result);
            return new TokenStreamComponents(source, result);
        }
    }
}
