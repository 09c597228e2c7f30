package org.paperradio.tts.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SpeechNormalizerTest {

    private final SpeechNormalizer n = new SpeechNormalizer();

    @Test
    void arxivIdsAreReadAsIdsWithTheirVersion() {
        assertThat(n.normalize("The paper 2501.10120v2 is new."))
                .isEqualTo("The paper archive 2501 dot 1 oh 1 2 oh, version 2 is new.");
        assertThat(n.normalize("See arXiv:2412.04567 for more."))
                .isEqualTo("See archive 2412 dot 4 5 6 7 for more.".replace("4 5 6 7", "oh 4 5 6 7"));
        // the word is already there: not said twice
        assertThat(n.normalize("You'll find it on arXiv as 2501.10120. Stay with us."))
                .isEqualTo("You'll find it on archive as 2501 dot 1 oh 1 2 oh. Stay with us.");
        assertThat(n.normalize("Old style: arXiv:hep-th/9901001v3."))
                .isEqualTo("Old style, archive hep th 9 9 oh 1 oh oh 1, version 3.");
    }

    @Test
    void numbersThatAreNotArxivIdsStayNumbers() {
        assertThat(n.normalize("It costs 1234.5 dollars.")).isEqualTo("It costs 1234.5 dollars.");
        assertThat(n.normalize("Pi is 3.14159.")).isEqualTo("Pi is 3.14159.");
        // month 13 does not exist, so this is no new-style id
        assertThat(n.normalize("Value 2513.10120 here")).isEqualTo("Value 2513.10120 here");
    }

    @Test
    void etAlAndCitationsBecomeSpeech() {
        assertThat(n.normalize("Smith et al. (2020) show that it works."))
                .isEqualTo("Smith and colleagues show that it works.");
        assertThat(n.normalize("As shown by Vaswani et al. The model is big."))
                .isEqualTo("As shown by Vaswani and colleagues. The model is big.");
        assertThat(n.normalize("Prior work (Smith et al., 2020; Jones 2021) agrees [3, 4-6]."))
                .isEqualTo("Prior work agrees.");
        assertThat(n.normalize("It helps (see Table 2) a lot."))
                .isEqualTo("It helps, see Table 2, a lot.");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "We use e.g. GPT-4.|We use for example gee pee tee 4.",
        "Models, i.e. transformers, win.|Models, that is transformers, win.",
        "cf. Fig. 3 and Eq. 2 in Sec. 4.|compare Figure 3 and Equation 2 in Section 4.",
        "See Figs. 1 and 2, Eqs. 3 and 4.|See Figures 1 and 2, Equations 3 and 4.",
        "Dr. Smith met Prof. Jones.|Doctor Smith met Professor Jones.",
        "Apples, pears, etc. Then more.|Apples, pears, et cetera. Then more.",
        "BERT vs. GPT|bert versus gee pee tee",
        "loss w.r.t. the input|loss with respect to the input",
    })
    void abbreviationsAreExpanded(String in, String out) {
        assertThat(n.normalize(in)).isEqualTo(out);
    }

    @Test
    void latexLeftoversAreSpokenOrDropped() {
        assertThat(n.normalize("The loss $\\mathcal{L} = \\sum_i \\alpha_i x_i^2$ is small \\cite{foo,bar} in Section~\\ref{sec:x}."))
                .isEqualTo("The loss L equals the sum over i of alpha i x i squared is small in Section.");
        assertThat(n.normalize("We set $\\frac{1}{2}$, $\\sqrt{d}$ and $\\mathbf{W}^T x$ and $W^{-1}$."))
                .isEqualTo("We set 1 over 2, the square root of d and W transpose x and W inverse.");
        assertThat(n.normalize("with $10^{5}$ steps and 5\\% noise \\footnote{really}"))
                .isEqualTo("with 10 to the power of 5 steps and 5 percent noise really");
        assertThat(n.normalize("\\textbf{Bold} and \\emph{em} and {braces} and \\unknowncommand here"))
                .isEqualTo("Bold and em and braces and here");
    }

    @Test
    void unicodeMathBecomesWords() {
        assertThat(n.normalize("α ≤ β, x ≥ 3, y ≈ 5 × 10, z ± 1, a → b, ∑ x, ∞, θ ∈ Θ."))
                .isEqualTo("alpha less than or equal to beta, x greater than or equal to 3, y approximately 5 times 10, "
                        + "z plus or minus 1, a to b, the sum of x, infinity, theta in theta.");
        assertThat(n.normalize("x² and y³ and ½")).isEqualTo("x squared and y cubed and one half");
        assertThat(n.normalize("The naïve Schrödinger ﬁx — done.")).isEqualTo("The naive Schrodinger fix, done.");
    }

    @Test
    void linksAreNamedByTheirSiteAndEmailsAreNotRead() {
        assertThat(n.normalize("Code is at https://github.com/foo/bar_baz?x=1#y."))
                .isEqualTo("Code is at a link on github dot com.");
        assertThat(n.normalize("See github.com/foo and www.example.org/page for more"))
                .isEqualTo("See a link on github dot com and a link on example dot org for more");
        assertThat(n.normalize("Write to jane.doe@uni-x.edu today."))
                .isEqualTo("Write to an email address today.");
        assertThat(n.normalize("Read https://arxiv.org/abs/2501.10120v2 now."))
                .isEqualTo("Read a link on archive dot org now.");
    }

    @Test
    void percentagesRangesAndScales() {
        assertThat(n.normalize("Accuracy rose by 45% to 10-20% of 3.5%."))
                .isEqualTo("Accuracy rose by 45 percent to 10 to 20 percent of 3.5 percent.");
        assertThat(n.normalize("From 2019–2021, with 1 – 5 runs and pages 10-12."))
                .isEqualTo("From 2019 to 2021, with 1 to 5 runs and pages 10 to 12.");
        assertThat(n.normalize("A 7B model, a 1.5B model, 100k tokens, 3x faster."))
                .isEqualTo("A 7 billion model, a 1.5 billion model, 100 thousand tokens, 3 times faster.");
        assertThat(n.normalize("rate 1e-5, then -3 degrees, ratio 3:1 at 12:30"))
                .isEqualTo("rate 1 times 10 to the power of minus 5, then minus 3 degrees, ratio 3 to 1 at 12:30");
        // dates are not ranges
        assertThat(n.normalize("on 2024-01-05")).doesNotContain(" to ");
    }

    @Test
    void acronymsAreSpelledUnlessTheyAreWords() {
        assertThat(n.normalize("Our LLM runs on a GPU.")).isEqualTo("Our el el em runs on a gee pee you.");
        assertThat(n.normalize("LLMs and CNNs on GPUs")).isEqualTo("el el ems and see en ens on gee pee yous");
        assertThat(n.normalize("NASA uses JSON and BERT")).isEqualTo("nasa uses jason and bert");
        // pronounceable by shape, not in the list
        assertThat(n.normalize("the SOTA on CIFAR and the DARPA grant")).isEqualTo("the sota on seefar and the darpa grant");
        assertThat(n.normalize("RLHF on MMLU with an H100")).isEqualTo("ar el aitch ef on em em el you with an aitch 100");
        assertThat(n.normalize("COVID-19 and GPT-4o")).isEqualTo("covid 19 and gee pee tee four oh");
        // without the lexicon's entry, the shape rules still spell it
        assertThat(new SpeechNormalizer(Lexicon.empty()).normalize("COVID-19 and GPT-4o")).isEqualTo("covid 19 and gee pee tee 4o");
        // single capitals are letters in their own right and stay
        assertThat(n.normalize("A matrix B and I")).isEqualTo("A matrix B and I");
        // a shouted title is words
        assertThat(n.normalize("ATTENTION IS ALL YOU NEED")).isEqualTo("attention is all you need");
    }

    @Test
    void aLexiconAddsReadings() {
        SpeechNormalizer custom = new SpeechNormalizer(Map.of("sigkdd", "sig kay dee dee"));
        assertThat(custom.normalize("At SIGKDD we met.")).isEqualTo("At sig kay dee dee we met.");
        assertThat(n.normalize("At SIGKDD we met.")).isEqualTo("At ess eye gee kay dee dee we met.");
    }

    @Test
    void theFieldsWordsAreReadAsTheLexiconSays() {
        assertThat(n.normalize("We fine-tune LLaMA-2 and Llama 3 with LoRA and QLoRA, then RLHF and DPO."))
                .isEqualTo("We fine-tune lama 2 and lama 3 with lora and cue lora, then ar el aitch ef and dee pee oh.");
        assertThat(n.normalize("ReLU, GELU and softmax in a ViT; ResNet-50 on ImageNet and COCO."))
                .isEqualTo("relu, jelu and softmax in a vit; resnet 50 on image net and coco.");
        assertThat(n.normalize("The SOTA MoE uses a KV cache, CUDA and FLOPs on PyTorch and JAX."))
                .isEqualTo("The sota em oh ee uses a kay vee cache, cuda and flops on pie torch and jax.");
        // plurals and possessives follow the entry; upper-case variants are found, ordinary lower-case words are not
        assertThat(n.normalize("LLMs on GPUs, BERT's head, NeRFs and GANs; LORA, Relu, clip and CLIP."))
                .isEqualTo("el el ems on gee pee yous, bert's head, nerfs and gans; lora, relu, clip and clip.");
        // the entry for arXiv decides the word, in ids too
        assertThat(n.normalize("On arXiv today: 2501.10120.")).isEqualTo("On archive today, 2501 dot 1 oh 1 2 oh.");
        // an abbreviation entry ending in a dot keeps the full stop when a sentence follows
        assertThat(n.normalize("As shown by Vaswani et al. The model is big, e.g. this.")).isEqualTo(
                "As shown by Vaswani and colleagues. The model is big, for example this.");
    }

    @Test
    void aConfiguredLexiconReplacesTheBuiltInOne() throws Exception {
        Lexicon custom = Lexicon.parse("""
                words:
                  arXiv: {say: ar kive}
                  LLaMA: {spell: true}
                  Paper Radio: {say: paper radio station}
                """, "custom.yaml");
        SpeechNormalizer c = new SpeechNormalizer(custom);
        assertThat(c.normalize("LLaMA on arXiv 2501.10120 by Paper Radio, with LoRA."))
                .isEqualTo("el el ay em ay on ar kive 2501 dot 1 oh 1 2 oh by paper radio station, with LoRA.");
        assertThat(c.lexicon()).isSameAs(custom);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "It needs 16 GB and 80GB.|It needs 16 gigabytes and 80 gigabytes.",
        "Latency fell to 5ms, then 1 ms.|Latency fell to 5 milliseconds, then 1 millisecond.",
        "A 2.4GHz chip at 312 TFLOPS.|A 2.4 gigahertz chip at 312 teraflops.",
        "It runs at 30 fps and 120 tok/s.|It runs at 30 frames per second and 120 tokens per second.",
        "A gain of 3 +/- 0.5 points.|A gain of 3 plus or minus 0.5 points.",
        "Up 12.5% in 3-5 runs with v2.1.|Up 12.5 percent in 3 to 5 runs with version 2.1.",
        "3x and 2.5× faster, 1.3M and 175B params.|3 times and 2.5 times faster, 1.3 million and 175 billion params.",
        "The matrix 2 W and 3 h and 4 s.|The matrix 2 W and 3 h and 4 s.",
    })
    void unitsAndNumbersAreRead(String in, String out) {
        assertThat(n.normalize(in)).isEqualTo(out);
    }

    @Test
    void veryLongTokensAreCutWithoutHarm() {
        String token = "x".repeat(10_000);
        long t0 = System.nanoTime();
        assertThat(n.normalize("before " + token + " after")).isEqualTo("before after");
        assertThat(n.normalize("before https://" + token + " after")).isEqualTo("before a link after");
        assertThat(n.normalize("before $" + "\\frac{a}{b}".repeat(1000) + "$ after")).startsWith("before").endsWith("after");
        assertThat(n.normalize("snake_case_" + "y".repeat(50) + "_name")).isEqualTo("snake case name");
        // very generous, for a loaded CI box: this guards against runaway regex backtracking
        // (minutes or more), not against a slow machine
        assertThat((System.nanoTime() - t0) / 1_000_000).as("ms for the long inputs").isLessThan(60_000);
        String huge = "word ".repeat(10_000);
        assertThat(n.normalize(huge).length()).isLessThanOrEqualTo(SpeechNormalizer.MAX_INPUT_CHARS);
    }

    @Test
    void emptyAndUnspeakableInputGiveEmptyText() {
        assertThat(n.normalize(null)).isEmpty();
        assertThat(n.normalize("")).isEmpty();
        assertThat(n.normalize("   \n\t ")).isEmpty();
        assertThat(n.normalize("*** --- ### ^^^")).isEmpty();
        assertThat(n.normalize("中文")).isEmpty();
        assertThat(n.normalize("\uD800 lone \uDFFF surrogates")).isEqualTo("lone surrogates");
    }

    @Test
    void markdownAndQuotesFromAWriterAreStripped() {
        assertThat(n.normalize("**Bold** and `code` and \"quoted\" and it's fine"))
                .isEqualTo("Bold and code and quoted and it's fine");
        assertThat(n.normalize("input/output and and/or, 1/2 of runs"))
                .isEqualTo("input or output and and or, 1 over 2 of runs");
    }

    @Test
    void neverThrowsOnRandomInput() {
        Random r = new Random(42);
        String alphabet = "aZ09 .,;:!?$\\{}[]()^_~%&@#/-–—+=<>*'\"`|αβ≤≥≈×±→∑∞\u00AD\u200B\n\t"
                + "etal.e.g.arXiv2501.10120v2http://www.\\frac\\cite\\mathbf";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = r.nextInt(300);
            for (int j = 0; j < len; j++) {
                if (r.nextInt(10) == 0) {
                    sb.append((char) r.nextInt(0x10000)); // anything, lone surrogates included
                } else {
                    sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
                }
            }
            String out = n.normalize(sb.toString());
            assertThat(out).isNotNull();
            assertThat(out).doesNotContain("\\", "$", "{", "}", "<", ">", "&");
            for (String tok : out.split("\\s+")) {
                assertThat(tok.length()).isLessThanOrEqualTo(SpeechNormalizer.MAX_TOKEN_CHARS);
            }
        }
    }
}
