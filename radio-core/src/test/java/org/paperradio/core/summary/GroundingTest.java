package org.paperradio.core.summary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GroundingTest {

    /** A made-up but realistic paper: title, abstract and a few paragraphs of body text. */
    private static final String PAPER = """
            Sparse Mixture Adapters for Efficient Image Classification

            Abstract. We introduce Sparse Mixture Adapters (SMA), a parameter-efficient method for
            fine-tuning vision transformers. On ImageNet, SMA reaches 87.4% top-1 accuracy with a
            ViT-B/16 backbone while updating only 1,024 parameters per layer, and it trains 2.5× faster
            than full fine-tuning. On CIFAR-10 it reaches 98.1%.

            1 Introduction
            Large pretrained models such as RoBERTa, GPT-4 and LLaMA 2 are expensive to adapt. Prior
            adapters insert 3-5 bottleneck layers per block. Our method instead routes each token to one
            of 16 experts. We compare against ResNet-50 and the Transformer baseline of Vaswani et al.
            (2017) and train with Adam at a learning rate of 0.001 for 300 epochs.

            2 Experiments
            Table 2 reports accuracy on ImageNet and CIFAR-10; the ablation in Table 3 uses 0.50 dropout.
            For translation we fine-tune on WMT14 English-German and obtain BLEU 34.2, up from 31.9.
            On the Stanford Sentiment Treebank our adapter matches full fine-tuning within 0.3 points.
            Training used 8 A100 GPUs for 36 hours in 2023; the total budget was 12,500 GPU hours.
            Ima-
            geNet images were resized to 224 x 224.
            """;

    private final Grounding grounding = new Grounding(PAPER);

    @Test
    void groundedClaimsPass() {
        for (String claim : List.of(
                "SMA reaches 87.4% top-1 accuracy on ImageNet.",
                "The method updates only 1,024 parameters per layer and trains 2.5x faster.",
                "It trains 2.5× faster than full fine-tuning.",
                "On CIFAR-10 the adapter reaches 98.1 percent.",
                "They report a BLEU score of 34.2 on WMT14 English-German, up from 31.9.",
                "Compared with RoBERTa, GPT-4 and ResNet-50, the approach is cheap.",
                "Each token goes to one of 16 experts, instead of the usual 3-5 bottleneck layers.",
                "Training took 36 hours on 8 A100 GPUs in 2023.",
                "The Stanford Sentiment Treebank results match full fine-tuning within 0.3 points.",
                "The team trained with Adam at a learning rate of 0.001 for 300 epochs.")) {
            assertThat(grounding.unsupported(claim)).as(claim).isEmpty();
            assertThat(grounding.supports(claim)).as(claim).isTrue();
        }
    }

    @Test
    void anInventedNumberIsRejected() {
        assertThat(grounding.unsupported("SMA reaches 91.2% top-1 accuracy on ImageNet.")).containsExactly("91.2%");
        assertThat(grounding.supports("SMA reaches 91.2% top-1 accuracy on ImageNet.")).isFalse();
        assertThat(grounding.unsupported("It trains 6x faster.")).containsExactly("6x");
        assertThat(grounding.unsupported("BLEU rose to 35.0 points.")).containsExactly("35.0");
    }

    @Test
    void anInventedModelOrDatasetIsRejected() {
        assertThat(grounding.unsupported("It beats GPT-5 on ImageNet.")).containsExactly("GPT-5");
        assertThat(grounding.unsupported("Results on CIFAR-100 are strong.")).containsExactly("CIFAR-100");
        assertThat(grounding.unsupported("It also beats BERT and ResNet-101.")).containsExactly("BERT", "ResNet-101");
        assertThat(grounding.unsupported("They evaluate on MMLU.")).containsExactly("MMLU");
        assertThat(grounding.unsupported("A T5 model was used as well.")).containsExactly("T5");
        assertThat(grounding.unsupported("Results on the Penn Treebank were not reported."))
                .containsExactly("Penn Treebank");
    }

    @Test
    void numbersInsideNamesAreCheckedWithTheName() {
        // "101" alone is not reported: it is part of the name that is missing
        assertThat(grounding.unsupported("ResNet-101 is slower.")).containsExactly("ResNet-101");
        // the 4 of GPT-4 is part of a name that is present, not a bare number
        assertThat(grounding.unsupported("GPT-4 is a baseline.")).isEmpty();
    }

    @Test
    void latexPercentInThePaperMatchesAPlainPercent() {
        Grounding latex = new Grounding("Our model reaches 87.4\\% on ImageNet and 12{,}500 steps, see "
                + "Table~2 with 95.3 \\% and $-0.4$ drops.");
        assertThat(latex.unsupported("It reaches 87.4% on ImageNet after 12,500 steps.")).isEmpty();
        assertThat(latex.unsupported("Another run got 95.3 % and a 0.4 drop.")).isEmpty();
        assertThat(latex.unsupported("It reaches 87.5% on ImageNet.")).containsExactly("87.5%");
    }

    @Test
    void numberFormsCompareByValue() {
        Grounding g = new Grounding("We use 1000 samples, a rate of 0.50, 95.27 accuracy, a gain of -3.2 and 12,345.6 tokens.");
        assertThat(g.unsupported("They used 1,000 samples.")).isEmpty();
        assertThat(g.unsupported("The rate was 0.5.")).isEmpty();
        assertThat(g.unsupported("The rate was 0.500.")).isEmpty();
        assertThat(g.unsupported("A gain of 3.2 points, or +3.2, or −3.2.")).isEmpty();
        assertThat(g.unsupported("They saw 12345.6 tokens.")).isEmpty();
        // no rounding
        assertThat(g.unsupported("Accuracy was 95.3.")).containsExactly("95.3");
        assertThat(g.unsupported("Accuracy was 95.27%.")).isEmpty();
        // no unit arithmetic
        assertThat(g.unsupported("They used 1k samples.")).containsExactly("1k");
    }

    @Test
    void rangesCheckBothEnds() {
        assertThat(grounding.unsupported("Adapters use 3-5 layers.")).isEmpty();
        assertThat(grounding.unsupported("Adapters use 3–7 layers.")).containsExactly("7");
        assertThat(grounding.unsupported("Adapters use 6-8 layers.")).containsExactly("6");
    }

    @Test
    void yearsAreNumbersAndSpelledOutNumbersAreNot() {
        assertThat(grounding.unsupported("The work from 2023 follows Vaswani et al. (2017).")).isEmpty();
        assertThat(grounding.unsupported("This was published in 2019.")).containsExactly("2019");
        assertThat(grounding.unsupported("It uses two tricks and ten seeds, a 2nd stage and a 3rd.")).isEmpty();
    }

    @Test
    void sentenceInitialOrdinaryWordsAreNotFlagged() {
        // none of these words occur in the paper, so only their position saves them
        assertThat(PAPER.toLowerCase()).doesNotContain("however").doesNotContain("remarkably")
                .doesNotContain("zurich");
        String claim = "However, the adapter is small. Remarkably, it is fast. This matters! Why? "
                + "Remarkably: fast. We think so.";
        assertThat(grounding.unsupported(claim)).isEmpty();
        // the same unknown capitalised word inside a sentence is a name
        assertThat(grounding.unsupported("It was built in Zurich.")).containsExactly("Zurich");
        assertThat(grounding.unsupported("Zurich built it.")).isEmpty();
        // a sentence-initial word with inner capitals or digits is still a name
        assertThat(grounding.unsupported("DeBERTa is not compared. GPT-5 neither.")).containsExactly("DeBERTa", "GPT-5");
    }

    @Test
    void stopWordsAreNeverFlagged() {
        assertThat(PAPER.toLowerCase()).doesNotContain(" ai ").doesNotContain("llm").doesNotContain("arxiv");
        assertThat(grounding.unsupported("This AI paper on arXiv is useful for LLMs and every LLM, I think. OK?"))
                .isEmpty();
    }

    @Test
    void namesMatchAcrossCaseHyphensSpacesAndPlurals() {
        for (String claim : List.of("LLaMA-2 is a baseline.", "Llama2 is a baseline.", "LLAMA 2 is a baseline.",
                "It compares with llama-2 models.", "It beats Transformers.", "ResNets are strong.",
                "Both CIFAR10 and imagenet are used.", "The ViT-B/16 backbone is used.", "ViT-B16 is used.",
                "RoBERTa's size matters.", "It is a sparse-mixture adapter on WMT-14.")) {
            assertThat(grounding.unsupported(claim)).as(claim).isEmpty();
        }
        // a different version is a different model
        assertThat(grounding.unsupported("LLaMA-3 is a baseline.")).containsExactly("LLaMA-3");
        assertThat(grounding.unsupported("ViT-L/16 is used.")).containsExactly("ViT-L");
    }

    @Test
    void aNameIsMatchedFromWordBoundaryToWordBoundary() {
        Grounding g = new Grounding("We run at 5 seeds with GPT-50 and the ROBERTA-base model, see Table 12.");
        assertThat(g.unsupported("T5 is used.")).containsExactly("T5");
        assertThat(g.unsupported("GPT-5 is used.")).containsExactly("GPT-5");
        assertThat(g.unsupported("GPT-50 and RoBERTa are used.")).isEmpty();
        assertThat(g.unsupported("BERT is used.")).containsExactly("BERT");
    }

    @Test
    void aLineBreakHyphenInThePaperIsBridged() {
        Grounding g = new Grounding("We train on Ima-\ngeNet and Trans-\nformer models.");
        assertThat(g.unsupported("It uses ImageNet.")).isEmpty();
    }

    @Test
    void multiWordNames() {
        assertThat(grounding.unsupported("It does well on the Stanford Sentiment Treebank.")).isEmpty();
        // all the words occur in the paper, but not as this name
        assertThat(grounding.unsupported("It was trained on Large Image Treebank.")).containsExactly("Large Image Treebank");
        // neighbouring known names are fine
        assertThat(grounding.unsupported("The ImageNet ResNet-50 baseline is weaker.")).isEmpty();
        assertThat(grounding.unsupported("GPT-4 Turbo was used.")).containsExactly("GPT-4 Turbo");
    }

    @Test
    void reportsInOrderOfAppearanceEachOnce() {
        String claim = "GPT-5 scores 91.2% on MMLU, while GPT-5 gets 91.2 on ImageNet and 99.9% on MMLU.";
        assertThat(grounding.unsupported(claim)).containsExactly("GPT-5", "91.2%", "MMLU", "99.9%");
    }

    @Test
    void accentsAndLigaturesMatchTheirPlainForms() {
        Grounding g = new Grounding("Following G\u00f6del and Erd\u0151s we \ufb01ne-tune on the Zu\u0308rich corpus.");
        assertThat(g.unsupported("As in Godel and Erdos, on the Z\u00fcrich corpus, they fine-tune.")).isEmpty();
    }

    @Test
    void knownTermsCountAsPresent() {
        Grounding g = new Grounding(PAPER, List.of("Ada", "Ben", "Paper Radio"));
        assertThat(g.unsupported("Thanks, Ada and Ben, for this Paper Radio episode.")).isEmpty();
        assertThat(grounding.unsupported("Thanks, Ada and Ben.")).containsExactly("Ada", "Ben");
    }

    @Test
    void emptyNullAndOverlongClaims() {
        assertThat(grounding.unsupported(null)).isEmpty();
        assertThat(grounding.unsupported("   ")).isEmpty();
        assertThat(grounding.supports("")).isTrue();
        assertThatThrownBy(() -> grounding.unsupported("x ".repeat(Grounding.MAX_CLAIM_CHARS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
        assertThatThrownBy(() -> new Grounding(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void hostileClaimsStayBoundedAndCorrect() {
        // thousands of capitalised words in a row are checked in pieces, not as one name
        StringBuilder names = new StringBuilder("It cites");
        for (int i = 0; i < 2_000; i++) {
            names.append(" Zq").append(i).append('x');
        }
        List<String> missing = grounding.unsupported(names.toString());
        assertThat(missing).hasSize(2_000 / Grounding.MAX_NAME_WORDS + 1)
                .allSatisfy(s -> assertThat(s.split(" ")).hasSizeLessThanOrEqualTo(Grounding.MAX_NAME_WORDS));
        // one absurdly long word, a long digit run and a run of ImageNet mentions
        assertThat(grounding.unsupported("It uses " + "Ab".repeat(5_000) + ".")).hasSize(1);
        assertThat(grounding.unsupported("It uses " + "9".repeat(5_000) + " seeds.")).containsExactly("9".repeat(5_000));
        assertThat(grounding.unsupported("It uses" + " ImageNet".repeat(1_000) + ".")).isEmpty();
    }

    @Test
    void aLargePaperIsIndexedOnceAndChecksStayCorrect() {
        // ~200 KB of varied text: many numbers and model names
        Random random = new Random(42);
        StringBuilder big = new StringBuilder();
        int row = 0;
        while (big.length() < 200_000) {
            big.append("In run ").append(row).append(" the Model-").append(row % 997).append(" variant scored ")
                    .append(random.nextInt(100)).append('.').append(random.nextInt(10))
                    .append("% on Bench").append(row % 31).append(" with ").append(1000 + row)
                    .append(" samples; the baseline lags behind by a wide margin.\n");
            row++;
        }
        big.append("Finally, MegaNet-7B reaches 77.7% on HoldOut.");
        Grounding g = new Grounding(big.toString());
        for (int i = 0; i < 500; i++) {
            assertThat(g.unsupported("MegaNet-7B reaches 77.7% on HoldOut, beating Model-" + (i % 997)
                    + " on Bench" + (i % 31) + ".")).isEmpty();
        }
        assertThat(g.unsupported("MegaNet-13B reaches 77.7% on HoldOut2.")).containsExactly("MegaNet-13B", "HoldOut2");
        assertThat(g.unsupported("Model-998 is new.")).containsExactly("Model-998");
        assertThat(g.unsupported("It used 123456 samples.")).containsExactly("123456");
    }
}
