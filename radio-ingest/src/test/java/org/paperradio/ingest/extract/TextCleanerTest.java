package org.paperradio.ingest.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.paperradio.core.paper.Section;

/** The text heuristics on hand-made lines, for the layouts the generated PDFs do not have. */
class TextCleanerTest {

    private static TextLine body(String text) {
        return new TextLine(text, 10f, false, false);
    }

    private static TextLine para(String text) {
        return new TextLine(text, 10f, false, true);
    }

    private static TextLine bold(String text) {
        return new TextLine(text, 10f, true, true);
    }

    private static List<Section> clean(List<TextLine> oneColumn) {
        return TextCleaner.sections(List.of(oneColumn));
    }

    @Test
    void findsRomanNumberedAllCapsHeadingsAndWritesThemInTitleCase() {
        List<Section> s = clean(List.of(
                para("II. RELATED WORK"),
                para("Earlier studies looked at the same question from a different angle."),
                para("III. EXPERIMENTS ON REAL DATA"),
                para("We ran every experiment three times.")));
        assertThat(s).extracting(Section::heading).containsExactly("Related Work", "Experiments on Real Data");
    }

    @Test
    void findsNumberedHeadingsWithDotsAndSubsections() {
        List<Section> s = clean(List.of(
                para("2. Method"),
                para("3 Proposed approach"),
                para("3.1 Data Collection"),
                para("We collected the data over two years."),
                para("2 shows the results of the first experiment, which we describe below.")));
        // "3 Proposed approach" is in sentence case and not styled: not a heading by the words alone
        assertThat(s).extracting(Section::heading).containsExactly("Method", "Data Collection");
        assertThat(s.get(0).text()).contains("3 Proposed approach");
        assertThat(s.get(1).text()).contains("2 shows the results");
    }

    @Test
    void styledHeadingsInSentenceCaseCount() {
        List<Section> s = clean(List.of(
                bold("3 Proposed approach"),
                para("Our approach has two parts.")));
        assertThat(s).extracting(Section::heading).containsExactly("Proposed approach");
    }

    @Test
    void splitsARunInAbstract() {
        List<Section> s = clean(List.of(
                para("A Study of Things"),
                para("Abstract—We study things and find that they matter."),
                para("1 Introduction"),
                para("Things matter.")));
        assertThat(s).extracting(Section::heading).containsExactly("", "Abstract", "Introduction");
        assertThat(s.get(1).text()).isEqualTo("We study things and find that they matter.");
    }

    @Test
    void joinsHyphenatedWordsButKeepsRealCompounds() {
        List<Section> s = clean(List.of(
                para("Introduction"),
                para("We ran an experi-"),
                body("ment with a self-"),
                body("supervised model that is state-of-the-"),
                body("art and self-supervised again. The range is 10-"),
                body("20 units.")));
        assertThat(s.get(0).text()).isEqualTo("We ran an experiment with a self-supervised model that is state-of-the-art"
                + " and self-supervised again. The range is 10-20 units.");
    }

    @Test
    void dropsRepeatedHeadersFootersAndPageNumbers() {
        String[] words = {"apples", "rivers", "engines", "violins"};
        List<List<TextLine>> pages = new ArrayList<>();
        for (int p = 1; p <= 4; p++) {
            List<TextLine> page = new ArrayList<>();
            page.add(para("Journal of Tests, Vol. 3, page " + p));
            page.add(para(p == 1 ? "Introduction" : "This page is about " + words[p - 1] + " and little else."));
            for (int i = 0; i < 5; i++) {
                page.add(body("Line " + (char) ('a' + i) + " tells more about " + words[p - 1] + "."));
            }
            page.add(para("- " + p + " -"));
            pages.add(page);
        }
        List<Section> s = TextCleaner.sections(pages);
        String all = String.join(" ", s.stream().map(Section::text).toList());
        assertThat(all).doesNotContain("Journal of Tests").doesNotContain("- 2 -");
        assertThat(all).contains("This page is about engines and little else.", "Line e tells more about violins.");
    }

    @Test
    void cutsAHeadinglessBibliographyButNotANumberedList() {
        List<TextLine> lines = new ArrayList<>();
        lines.add(para("Introduction"));
        for (int i = 0; i < 10; i++) {
            lines.add(body("Plain sentence number " + i + " of the body."));
        }
        lines.add(para("Our contributions are:"));
        lines.add(para("1 We define the problem."));
        lines.add(para("2 We solve it."));
        lines.add(para("3 We test it."));
        lines.add(para("1 A. Author, Phys. Rev. B 61, 7909 (2000)."));
        lines.add(para("2 B. Author, Nature 400, 1 (1999)."));
        lines.add(para("3 C. Author, Science 12, 3 (2011)."));
        String text = clean(lines).get(0).text();
        assertThat(text).contains("We test it.").doesNotContain("Phys. Rev.");
    }

    @Test
    void anEmptyHeadingIsFoldedIntoTheNextSection() {
        List<Section> s = clean(List.of(
                para("3 Method"),
                bold("3.1 Setup"),
                para("The setup is simple.")));
        assertThat(s).hasSize(1);
        assertThat(s.get(0).heading()).isEqualTo("Method");
        assertThat(s.get(0).text()).isEqualTo("Setup\n\nThe setup is simple.");
    }

    @Test
    void titleCaseLeavesMixedCaseAlone() {
        assertThat(TextCleaner.titleCase("CRITICAL POINT IN N → ∞ LIMIT")).isEqualTo("Critical Point in N → ∞ Limit");
        assertThat(TextCleaner.titleCase("Related work")).isEqualTo("Related work");
    }
}
