package org.paperradio.ingest.testing;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;

/**
 * A handful of made-up papers on clearly distinct topics (protein folding, speech recognition,
 * graph algorithms, robot learning, galaxy surveys), each with metadata, an abstract and
 * Introduction, Method, Results and Conclusion sections of plain English sentences, so that
 * tests downstream (search, summaries, scripts, speech) have something real to chew on.
 *
 * <p>Ids are {@code 2501.00001v1} to {@code 2501.00005v1}. {@link TestPaper#meta()} has an
 * unknown license, as the arXiv API gives it; {@link TestPaper#license()} is what OAI-PMH would
 * answer.
 */
public final class TestPapers {

    /** A generated paper. */
    public record TestPaper(PaperMeta meta, License license, List<TestPdfs.SectionText> sections) {
        public TestPaper {
            sections = List.copyOf(sections);
        }

        public ArxivId id() {
            return meta.id();
        }

        /** The metadata with the PDF link pointing at {@code base}/pdf/&lt;id&gt;. */
        public PaperMeta metaWithPdfAt(URI base) {
            URI pdf = base.resolve("pdf/" + meta.id());
            return new PaperMeta(meta.id(), meta.title(), meta.authors(), meta.abstractText(), meta.categories(),
                    meta.published(), meta.updated(), pdf, meta.license());
        }

        /** The paper as a PDF (built anew each call; a few milliseconds). */
        public TestPdfs.Built pdf() {
            return TestPdfs.paper(meta.title(), meta.authors(), meta.abstractText(), sections);
        }

        public TestPdfs.SectionText section(String heading) {
            return sections.stream().filter(s -> s.heading().equals(heading)).findFirst().orElseThrow();
        }
    }

    /** The vocabulary one paper is written from. */
    private record Topic(
            String title, List<String> authors, String category, String licenseUrl,
            String field, String problem, String things, String hardPart, String application, String baseline,
            String method, String methodLong, String component1, String component2, String insight, String data,
            String metric, String gain, String finding, String limitation, String future, String trainingTime) {
    }

    private static final List<Topic> TOPICS = List.of(
            new Topic("Predicting Protein Folding Pathways with Contact Graph Networks",
                    List.of("Maria Okafor", "Lena Fischer", "Tomas Lindqvist"), "q-bio.BM",
                    "http://creativecommons.org/licenses/by/4.0/",
                    "Structural biology", "predicting how a protein folds into its final shape",
                    "amino acid chains", "the chain is long and the folding happens in several stages",
                    "the design of new medicines", "molecular dynamics simulation",
                    "ContactNet", "a graph network that predicts the order in which residue contacts form",
                    "a contact encoder", "a pathway decoder",
                    "the order of contact formation carries most of the information about the folding pathway",
                    "a collection of two thousand proteins with measured folding intermediates",
                    "pathway accuracy", "eleven percentage points",
                    "folding pathways can be predicted from sequence information alone",
                    "the measured intermediates cover only small and medium sized proteins",
                    "membrane proteins and protein complexes", "two days"),
            new Topic("Robust Speech Recognition for Noisy Call Centre Audio",
                    List.of("Daniel Mensah", "Priya Raman"), "eess.AS",
                    "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
                    "Automatic speech recognition", "transcribing telephone conversations recorded in noisy rooms",
                    "spoken utterances", "several people talk at once over a poor telephone line",
                    "automatic quality control in customer service", "a large acoustic model trained on clean read speech",
                    "EchoClean", "a speech recogniser that learns to separate the caller from the background noise",
                    "a noise estimation module", "a transcription decoder",
                    "background noise in call centres is predictable enough to be removed before transcription",
                    "eight hundred hours of annotated call centre recordings",
                    "word error rate", "a relative reduction of nineteen percent",
                    "noise aware training makes speech recognition far more robust on real telephone audio",
                    "all recordings come from English speaking call centres",
                    "other languages and to video conference audio", "five days"),
            new Topic("Faster Shortest Paths in Road Networks with Landmark Hierarchies",
                    List.of("Sofia Marquez", "Henrik Olsen", "Wei Zhang"), "cs.DS",
                    "http://creativecommons.org/licenses/by-sa/4.0/",
                    "Algorithm engineering", "answering shortest path queries on continental road networks",
                    "road graphs", "the graph has millions of junctions and the travel times change during the day",
                    "navigation services that must answer within milliseconds", "bidirectional search with contraction",
                    "LandmarkTree", "a preprocessing scheme that arranges landmarks in a hierarchy of regions",
                    "a landmark selection step", "a hierarchical query algorithm",
                    "a few well placed landmarks give tight distance bounds for almost every query",
                    "the road networks of Europe and North America",
                    "query time", "a factor of four",
                    "landmark hierarchies make exact shortest path queries fast enough for interactive use",
                    "the preprocessing must be repeated whenever the road network changes",
                    "public transport networks and time dependent travel times", "forty minutes"),
            new Topic("Learning Dexterous Grasping Policies with Reinforcement Learning",
                    List.of("Aiko Tanaka", "Marcus Webb"), "cs.RO",
                    "http://creativecommons.org/licenses/by-nc-sa/4.0/",
                    "Robot learning", "teaching a robot hand to grasp objects it has never seen",
                    "household objects", "the objects are soft, slippery or partly hidden",
                    "robots that help people in their homes", "hand designed grasp planners",
                    "GraspPilot", "a reinforcement learning agent that learns grasping in simulation and transfers it to a real hand",
                    "a tactile feedback model", "a grasp policy network",
                    "randomising the physics during training makes the learned policy robust to the real world",
                    "a benchmark of one hundred and twenty everyday objects",
                    "grasp success rate", "twenty three percentage points",
                    "policies trained only in simulation can grasp unfamiliar objects reliably on real hardware",
                    "the real experiments use a single robot hand in one laboratory",
                    "two handed manipulation and tool use", "three days"),
            new Topic("Mapping Dark Matter with a Wide Galaxy Survey",
                    List.of("Elena Petrova", "James Whitfield", "Amara Nwosu"), "astro-ph.CO",
                    "http://creativecommons.org/publicdomain/zero/1.0/",
                    "Observational cosmology", "mapping the distribution of dark matter across the sky",
                    "distant galaxies", "the galaxy images are faint and distorted by the atmosphere",
                    "tests of the standard model of cosmology", "classical weak lensing estimators",
                    "ShearMap", "a method that reconstructs dark matter maps from the shapes of millions of galaxies",
                    "a galaxy shape estimator", "a mass map reconstruction step",
                    "the tiny distortions of galaxy shapes add up to a clear picture of the invisible mass",
                    "five thousand square degrees of imaging from a wide galaxy survey",
                    "map resolution", "a factor of two",
                    "wide galaxy surveys can map dark matter in enough detail to test cosmological models",
                    "the distances to the galaxies are only known approximately",
                    "the next generation of space telescopes", "one week"));

    private TestPapers() {
    }

    /** All papers, in id order. */
    public static List<TestPaper> all() {
        return IntStream.range(0, TOPICS.size()).mapToObj(TestPapers::get).toList();
    }

    /** Paper number {@code index} (0-based). */
    public static TestPaper get(int index) {
        Topic t = TOPICS.get(index);
        ArxivId id = ArxivId.parse(String.format("2501.%05dv1", index + 1));
        Instant published = Instant.parse("2025-01-06T18:00:00Z").plusSeconds(3600L * 24 * index);
        PaperMeta meta = new PaperMeta(id, t.title(), t.authors(), abstractOf(t), List.of(t.category()),
                published, published, URI.create("https://arxiv.org/pdf/" + id), License.unknown());
        return new TestPaper(meta, License.of(t.licenseUrl()), List.of(
                new TestPdfs.SectionText("Introduction", introduction(t)),
                new TestPdfs.SectionText("Method", method(t)),
                new TestPdfs.SectionText("Results", results(t)),
                new TestPdfs.SectionText("Conclusion", conclusion(t))));
    }

    private static String abstractOf(Topic t) {
        return "We study the problem of " + t.problem() + ". Existing approaches rely on " + t.baseline()
                + " and struggle when " + t.hardPart() + ". We introduce " + t.method() + ", " + t.methodLong()
                + ". On " + t.data() + ", " + t.method() + " improves " + t.metric() + " by " + t.gain()
                + ". Our results suggest that " + t.finding() + ".";
    }

    private static List<String> introduction(Topic t) {
        return List.of(
                t.field() + " has become one of the most active areas of modern research, and " + t.problem()
                        + " remains one of its central open questions. Researchers have studied " + t.things()
                        + " for decades, yet existing approaches still struggle when " + t.hardPart()
                        + ". In practice this limitation matters, because progress in " + t.application()
                        + " depends on reliable answers. Most previous systems rely on " + t.baseline()
                        + ", which works well on small examples but degrades quickly as the problems grow larger."
                        + " This paper asks whether a simpler and more general approach can close that gap.",
                "We introduce " + t.method() + ", " + t.methodLong() + ". Our approach combines "
                        + t.component1() + " with " + t.component2() + " in a single procedure. The central idea is that "
                        + t.insight() + ". We evaluate " + t.method() + " on " + t.data()
                        + " and compare it against strong baselines from the recent literature. The experiments show that "
                        + t.finding() + ".",
                "Earlier work on " + t.things() + " has mostly followed one of two directions. The first direction"
                        + " improves the accuracy of " + t.baseline() + " through careful engineering and more"
                        + " computing power. The second direction replaces it with learned models, which are flexible"
                        + " but often hard to interpret. Our work sits between these directions and keeps the best"
                        + " properties of both. We also release our code and data, so that other researchers can"
                        + " reproduce every result in this paper.");
    }

    private static List<String> method(Topic t) {
        return List.of(
                "We now describe " + t.method() + " in detail. The input to the system is a collection of "
                        + t.things() + ", each described by a set of measured properties. The first component, "
                        + t.component1() + ", turns every input into a compact representation that keeps the"
                        + " information needed for the task. The second component, " + t.component2()
                        + ", uses these representations to produce the final prediction. Both components are simple"
                        + " to implement and require no special hardware.",
                "During training we minimise the difference between the predictions and the reference answers in "
                        + t.data() + ". We use a separate validation set to choose all settings, and we never tune"
                        + " anything on the test set. To keep the comparison fair, every baseline receives the same"
                        + " amount of data and the same computing budget. Training takes about " + t.trainingTime()
                        + " on a single machine, and the method processes a new example in well under a second.",
                "Several design choices deserve a short explanation. We keep " + t.component1() + " deliberately"
                        + " small, because larger versions did not improve the results in our early experiments. We"
                        + " also tried to replace " + t.component2() + " with " + t.baseline() + ", but this made"
                        + " the whole system slower and less accurate. Finally, we found that the order in which"
                        + " examples are presented during training has almost no influence on the final quality.");
    }

    private static List<String> results(Topic t) {
        return List.of(
                "The main results on " + t.data() + " are summarised in this section. " + t.method()
                        + " improves " + t.metric() + " by " + t.gain() + " compared with " + t.baseline()
                        + ". The improvement is consistent across all subsets of the data, including the hardest"
                        + " cases where " + t.hardPart() + ". An ablation study shows that removing "
                        + t.component1() + " costs most of the gain, while removing " + t.component2()
                        + " has a smaller effect. We also measured the running time and found that the method is"
                        + " about three times faster than the strongest baseline.",
                "A closer look at the errors reveals that most of the remaining mistakes involve unusual "
                        + t.things() + " that are rare in the training data. These cases suggest that more diverse"
                        + " data would help further. Overall, the experiments support the claim that "
                        + t.finding() + ".",
                "We repeated every experiment five times with different random seeds and report the average."
                        + " The differences between runs were small, which shows that the results are stable. When"
                        + " we reduced the amount of training data by half, " + t.method() + " still performed better"
                        + " than " + t.baseline() + " trained on all of it. This suggests that the method makes"
                        + " efficient use of the available data, which matters in practice because collecting "
                        + t.things() + " with reliable annotations is expensive.");
    }

    private static List<String> conclusion(Topic t) {
        return List.of(
                "We presented " + t.method() + ", " + t.methodLong() + ". On " + t.data() + ", it outperforms "
                        + t.baseline() + " while remaining simple and fast. The main limitation of our study is that "
                        + t.limitation() + ". In future work we plan to apply the same idea to " + t.future()
                        + ". We hope that this work encourages further research on " + t.problem() + ".");
    }
}
