package org.paperradio.core.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.paperradio.core.paper.ArxivId;

class ThemeFinderTest {

    private static final String[] WORDS = {"lattice", "plasma", "enzyme", "glacier", "sonnet", "turbine", "orchid"};

    /** {@code groups} groups of {@code each} noisy unit vectors around orthogonal directions. */
    private static List<ThemeFinder.Item> items(int groups, int each, long seed) {
        Random random = new Random(seed);
        List<ThemeFinder.Item> out = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < each; i++) {
            for (int g = 0; g < groups; g++) {
                float[] v = new float[24];
                for (int j = 0; j < v.length; j++) {
                    v[j] = (float) (random.nextGaussian() * 0.15);
                }
                v[g] += 1;
                String word = WORDS[g];
                out.add(new ThemeFinder.Item(new ArxivId(String.format("2601.%05d", n++), 1),
                        "Notes on the " + word + " problem " + i, "We study the " + word + " and its cousins.",
                        Vectors.normalised(v)));
            }
        }
        return out;
    }

    private static Map<String, Integer> docFreq(List<ThemeFinder.Item> items) {
        Map<String, Integer> df = new HashMap<>();
        for (String w : WORDS) {
            df.put(w, (int) items.stream().filter(it -> it.title().contains(w)).count());
        }
        return df;
    }

    @Test
    void findsTheNumberOfGroupsItselfAndKeepsEachTogether() {
        for (int groups : new int[] {2, 3, 5, 7}) {
            List<ThemeFinder.Item> items = items(groups, 6, groups);
            Map<String, Integer> df = docFreq(items);
            // every other word is in every paper
            ThemeFinder finder = new ThemeFinder(stem -> df.getOrDefault(stem, items.size()), items.size());

            List<Theme> themes = finder.themes(items);

            assertThat(themes).as("%d groups", groups).hasSize(groups);
            for (Theme theme : themes) {
                Set<String> words = theme.papers().stream()
                        .map(h -> h.title().split(" ")[3])
                        .collect(Collectors.toSet());
                assertThat(words).hasSize(1);
                assertThat(theme.label()).contains(words.iterator().next());
            }
            // same input, same answer
            assertThat(finder.themes(items)).isEqualTo(themes);
        }
    }

    @Test
    void largestThemeComesFirst() {
        List<ThemeFinder.Item> items = new ArrayList<>(items(2, 3, 1));
        items.addAll(items(1, 6, 2).stream()
                .map(it -> new ThemeFinder.Item(new ArxivId("2602." + it.id().base().substring(5), 1), it.title(),
                        it.text(), it.vector()))
                .toList());
        ThemeFinder finder = new ThemeFinder(stem -> 1, items.size());

        List<Theme> themes = finder.themes(items);

        assertThat(themes).extracting(Theme::size).containsExactly(9, 3);
    }

    @Test
    void paperIndexedBeforeAbstractsWereStoredIsLabelledFromItsTitle() {
        float[] v = new float[24];
        v[0] = 1;
        ThemeFinder.Item old = new ThemeFinder.Item(ArxivId.parse("2401.00001v2"),
                "Glacier retreat under warming", null, v);

        List<Theme> themes = new ThemeFinder(stem -> 1, 50).themes(List.of(old));

        assertThat(themes).hasSize(1);
        assertThat(themes.get(0).label()).contains("glacier");
        assertThat(themes.get(0).papers()).extracting(Hit::id).containsExactly(old.id());
    }
}
