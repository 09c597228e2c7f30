package org.paperradio.core.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperradio.core.config.ConfigLoader;
import org.paperradio.core.config.StationConfig;
import org.paperradio.core.kernel.BadInputException;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.ExtractedText;
import org.paperradio.core.paper.License;
import org.paperradio.core.paper.PaperMeta;
import org.paperradio.core.paper.ScriptLine;
import org.paperradio.core.paper.Section;

class ExtractiveWriterTest {

    static final String ABSTRACT = "Protein structure prediction remains slow for large complexes. "
            + "We propose FoldFast, a sparse attention model that predicts protein structures from sequence. "
            + "FoldFast matches the accuracy of prior models while running ten times faster.";

    static ExtractedText paper() {
        return new ExtractedText(List.of(
                new Section("1 Introduction", "Proteins fold into shapes that decide their function in the cell. "
                        + "Predicting the folded structure of a protein from its amino acid sequence is a central problem in biology. "
                        + "The weather was pleasant during the conference where this was discussed. "
                        + "In this paper we introduce a sparse attention model for protein structure prediction that scales to large complexes. "
                        + "See [3, 4] and Fig 2 with x = y^2 + z_1 for details."),
                new Section("2 Method", "Our method restricts attention between residues to pairs that are likely to be in contact. "
                        + "A contact predictor proposes candidate residue pairs for the protein structure model. "
                        + "We train the model on experimentally determined protein structures."),
                new Section("3 Results", "On the benchmark of large complexes the sparse model outperforms dense attention baselines in accuracy. "
                        + "Prediction of protein structure runs ten times faster than with dense attention."),
                new Section("4 Conclusion", "We conclude that restricting attention to likely contacts is enough to fold big assemblies accurately. "
                        + "Future work will study protein dynamics.")), 6);
    }

    static PaperMeta meta() {
        return new PaperMeta(ArxivId.parse("2501.00042v1"), "FoldFast: Sparse Attention for Protein Folding",
                List.of("Ada Lovelace", "Alan Turing", "Grace Hopper"), ABSTRACT, List.of("q-bio.BM"),
                Instant.parse("2026-11-23T12:00:00Z"), null, URI.create("http://localhost/pdf/2501.00042v1"),
                License.unknown());
    }

    @Test
    void picksTheCentralClaimsFromEachPartAndSkipsNoise() throws Exception {
        StationConfig config = new ConfigLoader().parse("", "test");
        var script = new ExtractiveWriter(config).write(meta(), paper());
        List<String> said = script.spokenLines().stream().map(ScriptLine.Spoken::text).toList();

        assertThat(said).anyMatch(s -> s.startsWith("In this paper we introduce a sparse attention model"));
        assertThat(said).anyMatch(s -> s.contains("outperforms dense attention baselines"));
        assertThat(said).anyMatch(s -> s.startsWith("We conclude that restricting attention"));
        assertThat(said).noneMatch(s -> s.contains("weather"));
        assertThat(said).noneMatch(s -> s.contains("x = y^2"));
        // body sentences come from the paper's text, not only the abstract
        assertThat(said.stream().filter(s -> paper().fullText().contains(s)).count()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void bothHostsSpeakAndTheSegmentIsIntroducedAndClosed() throws Exception {
        StationConfig config = new ConfigLoader().parse("", "test");
        var script = new ExtractiveWriter(config).write(meta(), paper());
        List<ScriptLine.Spoken> lines = script.spokenLines();
        assertThat(lines.getFirst().text()).contains("FoldFast: Sparse Attention for Protein Folding");
        assertThat(lines.get(1).text()).contains("Ada Lovelace, Alan Turing and colleagues");
        assertThat(lines.getLast().text()).contains("2501.00042");
        assertThat(lines).extracting(ScriptLine.Spoken::speaker).contains("ada", "ben");
        for (int i = 1; i < lines.size(); i++) {
            assertThat(lines.get(i).speaker()).as("hosts take turns at line " + i).isNotEqualTo(lines.get(i - 1).speaker());
        }
        assertThat(lines).extracting(ScriptLine.Spoken::text).doesNotHaveDuplicates();
    }

    @Test
    void bodySentenceBudgetIsRespected() throws Exception {
        StationConfig config = new ConfigLoader().parse("writer:\n  bodySentences: 2\n", "test");
        var script = new ExtractiveWriter(config).write(meta(), paper());
        long body = script.spokenLines().stream().filter(l -> paper().fullText().contains(l.text())
                || ABSTRACT.contains(l.text())).count();
        assertThat(body).isEqualTo(2);
    }

    @Test
    void bodyLinesCarryTheirPageHoweverTheTextIsWrapped() throws Exception {
        StationConfig config = new ConfigLoader().parse("", "test");
        ExtractedText tidy = paper();
        // the same paper as PDF extraction might give it: lines wrapped, runs of spaces
        ExtractedText wrapped = new ExtractedText(tidy.sections().stream()
                .map(s -> new Section(s.heading(), s.text().replace(" ", "   \n    "))).toList(), tidy.pageCount());
        List<ScriptLine.Spoken> a = new ExtractiveWriter(config).write(meta(), tidy).spokenLines();
        List<ScriptLine.Spoken> b = new ExtractiveWriter(config).write(meta(), wrapped).spokenLines();

        assertThat(b).extracting(ScriptLine.Spoken::text).isEqualTo(a.stream().map(ScriptLine.Spoken::text).toList());
        assertThat(b).extracting(ScriptLine.Spoken::page).isEqualTo(a.stream().map(ScriptLine.Spoken::page).toList());
        List<Integer> bodyPages = b.stream().filter(l -> tidy.fullText().contains(l.text()))
                .map(ScriptLine.Spoken::page).toList();
        assertThat(bodyPages).hasSizeGreaterThanOrEqualTo(3).isSorted().allMatch(p -> p >= 1 && p <= 6);
        // the conclusion closes the paper: its sentence is on the last page, the introduction's on an early one
        assertThat(b).filteredOn(l -> l.text().startsWith("We conclude")).extracting(ScriptLine.Spoken::page)
                .containsExactly(6);
        assertThat(b).filteredOn(l -> l.text().startsWith("In this paper we introduce"))
                .extracting(ScriptLine.Spoken::page).allMatch(p -> p >= 1 && p <= 2);
    }

    @Test
    void aPaperWithNothingReadableIsBadInputNotAnEmptySegment() throws Exception {
        StationConfig config = new ConfigLoader().parse("", "test");
        PaperMeta noAbstract = new PaperMeta(ArxivId.parse("2501.00043v1"), "Tables", List.of("A. Author"), "",
                List.of("cs.AI"), null, null, null, License.unknown());
        ExtractedText numbers = new ExtractedText(List.of(new Section("Results", "1 2 3. 4.5 6.7 8.9. x = y^2 + z_1.")), 1);
        assertThatThrownBy(() -> new ExtractiveWriter(config).write(noAbstract, numbers))
                .isInstanceOf(BadInputException.class);
    }
}
