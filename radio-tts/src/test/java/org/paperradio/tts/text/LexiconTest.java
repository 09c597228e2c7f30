package org.paperradio.tts.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.config.ConfigException;
import org.paperradio.core.xml.SafeXml;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class LexiconTest {

    /** Tests run in the module directory; the station's config sits one level up. */
    private static final Path CONFIG_FILE = Path.of("..", "config", "lexicon.yaml");

    @Test
    void theConfigFileAndTheJarCopyAreIdenticalAndValid() throws Exception {
        byte[] config = Files.readAllBytes(CONFIG_FILE);
        byte[] jar;
        try (InputStream in = Lexicon.class.getResourceAsStream(Lexicon.DEFAULT_RESOURCE)) {
            assertThat(in).as("jar resource " + Lexicon.DEFAULT_RESOURCE).isNotNull();
            jar = in.readAllBytes();
        }
        assertThat(jar).as("config/lexicon.yaml and the jar's copy must stay byte-identical").isEqualTo(config);

        Lexicon fromFile = Lexicon.load(CONFIG_FILE);
        assertThat(fromFile.entries()).isEqualTo(Lexicon.defaults().entries());
        // the words the issue names are all there
        for (String w : new String[] {"arXiv", "LLaMA", "Llama", "GPT-4o", "GPT", "LoRA", "QLoRA", "ReLU", "GELU", "ViT",
            "RLHF", "SOTA", "BERT", "CLIP", "ResNet", "CNN", "RNN", "LSTM", "GAN", "MLP", "NeRF", "DPO", "PPO", "MoE", "KV",
            "LLM", "NLP", "CUDA", "GPU", "TPU", "FLOPs", "ImageNet", "COCO", "PyTorch", "JAX", "softmax", "et al.", "i.e.", "e.g."}) {
            assertThat(fromFile.lookup(w)).as(w).isPresent();
        }
    }

    @Test
    void theAllophoneSetIsMarysOwn() throws IOException {
        // the set phonemes are checked against must be the one the en_US voice really uses
        String xml;
        try (InputStream in = Lexicon.class.getResourceAsStream("/marytts/language/en_US/lexicon/allophones.en_US.xml")) {
            assertThat(in).isNotNull();
            xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        var doc = SafeXml.parse(xml, "allophones.en_US.xml");
        Set<String> mary = new HashSet<>();
        for (String kind : new String[] {"vowel", "consonant"}) {
            NodeList nodes = doc.getElementsByTagName(kind);
            for (int i = 0; i < nodes.getLength(); i++) {
                mary.add(((Element) nodes.item(i)).getAttribute("ph"));
            }
        }
        assertThat(Lexicon.ALLOPHONES).containsExactlyInAnyOrderElementsOf(mary);
    }

    @Test
    void lookupIsCaseSensitiveFirstAndLeavesOrdinaryLowerCaseWordsAlone() throws ConfigException {
        Lexicon lex = Lexicon.parse("""
                words:
                  LLaMA: {say: lama}
                  Llama: {say: llama the animal}
                  CLIP: {say: clip model}
                  softmax: {say: soft max}
                """, "t.yaml");
        assertThat(lex.spoken("LLaMA")).contains("lama");
        assertThat(lex.spoken("Llama")).contains("llama the animal");
        // no exact entry: the first entry in file order that matches ignoring case
        assertThat(lex.spoken("LLAMA")).contains("lama");
        assertThat(lex.spoken("Clip")).contains("clip model");
        assertThat(lex.spoken("clip")).isEmpty();
        assertThat(lex.spoken("llama")).isEmpty();
        assertThat(lex.spoken("Softmax")).contains("soft max");
        assertThat(lex.spoken("softmax")).contains("soft max");
        assertThat(lex.spoken(null)).isEmpty();
    }

    @Test
    void textIsRewrittenWithPluralsPossessivesAndWordBoundaries() throws ConfigException {
        Lexicon lex = Lexicon.parse("""
                words:
                  GPU: {spell: true}
                  GPT: {spell: true}
                  GPT-4o: {say: gee pee tee four oh}
                  GAN: {say: gan, phonemes: "' g { n"}
                  FLOPs: {say: flops}
                  box: {say: boks}
                  et al.: {say: and colleagues}
                """, "t.yaml");
        assertThat(lex.apply("GPUs, a GPU's fan, GANs, GPT-4o and GPT-4, 10 FLOPs, two boxs."))
                .isEqualTo("gee pee yous, a gee pee you's fan, gans, gee pee tee four oh and gee pee tee-4, 10 flops, two bokses.");
        // inside other words nothing matches
        assertThat(lex.apply("XGPU GANymede MyGAN GPT4")).isEqualTo("XGPU GANymede MyGAN GPT4");
        assertThat(lex.apply("Smith et al. The end. Smith et al. show it.")).isEqualTo(
                "Smith and colleagues. The end. Smith and colleagues show it.");
        assertThat(lex.phonemesOf("gan")).contains("' g { n");
        assertThat(lex.phonemesOf("GANS")).contains("' g { n z");
        assertThat(lex.phonemesOf("flops")).isEmpty();
        assertThat(Lexicon.empty().apply("GPU")).isEqualTo("GPU");
    }

    @Test
    void pluralPhonemesFollowTheLastSound() {
        assertThat(Lexicon.pluralPhonemes("' v I t")).isEqualTo("' v I t s");
        assertThat(Lexicon.pluralPhonemes("' l A - m @")).isEqualTo("' l A - m @ z");
        assertThat(Lexicon.pluralPhonemes("' b O k s")).isEqualTo("' b O k s - @ z");
    }

    @Test
    void badEntriesFailWithFileLineAndEntry() {
        String[][] cases = {
            {"LoRA: {sey: lora}", ":2: entry 'LoRA': unknown key 'sey' (expected: say, spell, phonemes)"},
            {"LoRA: {say: \"  \"}", ":2: entry 'LoRA': 'say' must not be empty"},
            {"LoRA: {say: }", ":2: entry 'LoRA': 'say' must be text, not empty"},
            {"LoRA: {}", ":2: entry 'LoRA': needs 'say: <respelling>' or 'spell: true'"},
            {"LoRA: {say: lora, spell: true}", ":2: entry 'LoRA': has both 'say' and 'spell: true'"},
            {"LoRA: {say: lora, phonemes: \"' l O - r Q\"}", ":2: entry 'LoRA': phonemes '' l O - r Q': 'Q' is not an en_US allophone"},
            {"LoRA: {say: lora, phonemes: \"l O - r @\"}", "needs exactly one primary stress mark"},
            {"LoRA: {say: lora, phonemes: \"' l - r @\"}", "syllable '' l' has no vowel"},
            {"LoRA: {spell: true, phonemes: \"' l O\"}", "'phonemes' go with 'say', not with 'spell'"},
            {"LoRA: {say: low ra, phonemes: \"' l O - r @\"}", "'phonemes' need a 'say' of one word"},
            {"LoRA: {spell: yes please}", "'spell' must be true or false"},
            {"LoRA: lora", ":2: entry 'LoRA': must be a map such as {say: lama} or {spell: true}"},
            {"<b>: {say: bold}", ":2: entry '<b>': a written form is 1 to 40 characters"},
            {"LoRA: {say: \"lora <b>\"}", "'say' must be plain words"},
            {"LoRA: {say: lora, say: lora}", ":2: entry 'LoRA': 'say' is given twice"},
        };
        for (String[] c : cases) {
            String yaml = "words:\n  " + c[0] + "\n";
            assertThatThrownBy(() -> Lexicon.parse(yaml, "config/lexicon.yaml"))
                    .as(c[0])
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("config/lexicon.yaml:")
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void wholeFileProblemsAreNamedToo() {
        assertThatThrownBy(() -> Lexicon.parse("words:\n  GPU: {spell: true}\n  X: {say: ex}\n  GPU: {spell: true}\n", "l.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("l.yaml:4: entry 'GPU': listed twice (also on line 2)");
        assertThatThrownBy(() -> Lexicon.parse("wrods:\n  GPU: {spell: true}\n", "l.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("l.yaml:1: unknown key 'wrods'");
        assertThatThrownBy(() -> Lexicon.parse("words: [a, b]\n", "l.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("l.yaml:1:");
        assertThatThrownBy(() -> Lexicon.parse("words:\n  GPU: {spell: true\n", "l.yaml"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> Lexicon.parse("""
                words:
                  LLaMA: {say: lama, phonemes: "' l A - m @"}
                  Llama: {say: lama, phonemes: "' l { - m @"}
                """, "l.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("l.yaml:3: entry 'Llama': says 'lama' like entry 'LLaMA' (line 2) but with other phonemes");
        assertThatThrownBy(() -> Lexicon.load(Path.of("no", "such", "lexicon.yaml")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("no such lexicon file");
    }

    @Test
    void emptyFilesAreEmptyLexicons(@TempDir Path dir) throws Exception {
        assertThat(Lexicon.parse("", "e.yaml").isEmpty()).isTrue();
        assertThat(Lexicon.parse("# nothing yet\n", "e.yaml").isEmpty()).isTrue();
        assertThat(Lexicon.parse("words:\n", "e.yaml").isEmpty()).isTrue();
        Path f = dir.resolve("lexicon.yaml");
        Files.writeString(f, "words:\n  SIGIR: {say: sig eye ar}\n");
        Lexicon lex = Lexicon.load(f);
        assertThat(lex.entries()).singleElement().satisfies(e -> {
            assertThat(e.written()).isEqualTo("SIGIR");
            assertThat(e.line()).isEqualTo(2);
        });
        assertThat(new SpeechNormalizer(f).normalize("At SIGIR today.")).isEqualTo("At sig eye ar today.");
    }
}
