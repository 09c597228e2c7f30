package org.paperradio.core.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArxivIdTest {

    @Test
    void parsesNewAndOldStyleIdsFromUrls() {
        assertThat(ArxivId.parse("http://arxiv.org/abs/2501.10120v2")).isEqualTo(new ArxivId("2501.10120", 2));
        assertThat(ArxivId.parse("arXiv:2501.10120")).isEqualTo(new ArxivId("2501.10120", 1));
        assertThat(ArxivId.parse("https://arxiv.org/pdf/hep-th/9901001v3.pdf"))
                .isEqualTo(new ArxivId("hep-th/9901001", 3));
        assertThat(ArxivId.parse("math.GT/0309136v1").base()).isEqualTo("math.GT/0309136");
    }

    @Test
    void folderNamesRoundTripAndNeverContainSeparators() {
        ArxivId old = ArxivId.parse("hep-th/9901001v2");
        assertThat(old.folderName()).doesNotContain("/").doesNotContain("..");
        assertThat(ArxivId.fromFolderName(old.folderName())).isEqualTo(old);
        ArxivId neu = ArxivId.parse("2501.10120v1");
        assertThat(ArxivId.fromFolderName(neu.folderName())).isEqualTo(neu);
    }

    @Test
    void rejectsAnythingElse() {
        for (String bad : new String[] {"../../etc/passwd", "2501.10120v0", "", "2501.101", "abc", "2501.10120/../x"}) {
            assertThatThrownBy(() -> ArxivId.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void licensesDecideWhetherPagesMayAir() {
        assertThat(License.of("http://creativecommons.org/licenses/by/4.0/").allowsRedistribution(false)).isTrue();
        assertThat(License.of("http://creativecommons.org/licenses/by-sa/4.0/").allowsRedistribution(false)).isTrue();
        assertThat(License.of("http://creativecommons.org/publicdomain/zero/1.0/").allowsRedistribution(false)).isTrue();
        assertThat(License.of("http://creativecommons.org/licenses/by-nc-sa/4.0/").allowsRedistribution(false)).isFalse();
        assertThat(License.of("http://creativecommons.org/licenses/by-nc-sa/4.0/").allowsRedistribution(true)).isTrue();
        assertThat(License.of("http://creativecommons.org/licenses/by-nc-nd/4.0/").allowsRedistribution(true)).isFalse();
        assertThat(License.of(License.ARXIV_NONEXCLUSIVE).allowsRedistribution(true)).isFalse();
        assertThat(License.unknown().allowsRedistribution(true)).isFalse();
    }
}
