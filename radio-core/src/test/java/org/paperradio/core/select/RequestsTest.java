package org.paperradio.core.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.paperradio.core.paper.ArxivId;

class RequestsTest {

    @TempDir
    Path dir;

    private static ArxivId id(String s) {
        return ArxivId.parse(s);
    }

    @Test
    void requestsCountPerPaperWhateverTheVersion() throws Exception {
        Requests requests = new Requests(dir.resolve("requests.json"));

        assertThat(requests.add(id("2501.00001v1"))).isEqualTo(1);
        assertThat(requests.add(id("2501.00001v2"))).isEqualTo(2);
        assertThat(requests.add(id("hep-th/9901001v1"))).isEqualTo(1);

        assertThat(requests.count(id("2501.00001v3"))).isEqualTo(2);
        assertThat(requests.count(id("2501.00002v1"))).isZero();
        assertThat(requests.open()).containsExactly(Map.entry("2501.00001", 2), Map.entry("hep-th/9901001", 1));
    }

    @Test
    void requestsSurviveARestartAndAClearIsStoredToo() throws Exception {
        Path file = dir.resolve("requests.json");
        Requests first = new Requests(file);
        first.add(id("2501.00003v1"));
        first.add(id("2501.00001v1"));
        first.add(id("2501.00002v1"));
        first.add(id("2501.00001v1"));

        Requests second = new Requests(file);
        assertThat(second.count(id("2501.00001v1"))).isEqualTo(2);
        // oldest first, as open() promises
        assertThat(second.open().keySet()).containsExactly("2501.00003", "2501.00001", "2501.00002");

        second.clear(id("2501.00001v2"));
        second.clear(id("2509.99999v1")); // never asked for: nothing happens

        Requests third = new Requests(file);
        assertThat(third.count(id("2501.00001v1"))).isZero();
        assertThat(third.open()).containsExactly(Map.entry("2501.00003", 1), Map.entry("2501.00002", 1));
        assertThat(dir).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".tmp-"));
    }

    @Test
    void anUnreadableFileStartsEmptyAndIsReplacedOnTheNextRequest() throws Exception {
        Path file = dir.resolve("requests.json");
        Files.writeString(file, "{\"2501.00001\": 3, ");

        Requests requests = new Requests(file);
        assertThat(requests.open()).isEmpty();

        requests.add(id("2501.00002v1"));
        assertThat(new Requests(file).open()).containsExactly(Map.entry("2501.00002", 1));
    }

    @Test
    void aHandEditedFileKeepsOnlyPositiveCounts() throws Exception {
        Path file = dir.resolve("requests.json");
        Files.writeString(file, "{\"2501.00001\": 2, \"2501.00002\": null, \"2501.00003\": -4, \"2501.00004\": 0}");

        Requests requests = new Requests(file);

        assertThat(requests.open()).containsExactly(Map.entry("2501.00001", 2));
        assertThat(requests.count(id("2501.00002v1"))).isZero(); // not a NullPointerException
        assertThat(requests.add(id("2501.00003v1"))).isEqualTo(1);

        Files.writeString(file, "null");
        assertThat(new Requests(file).open()).isEmpty();
    }

    @Test
    void theOldestRequestsAreForgottenPastTheCap() throws Exception {
        Path file = dir.resolve("requests.json");
        // a file already at the cap, written as a previous run would have left it
        StringBuilder json = new StringBuilder("{");
        for (int i = 1; i <= Requests.MAX_OPEN; i++) {
            json.append(i == 1 ? "" : ",").append(String.format("\"2501.%05d\": 1", i));
        }
        Files.writeString(file, json.append('}'));
        Requests requests = new Requests(file);
        assertThat(requests.open()).hasSize(Requests.MAX_OPEN);

        requests.add(id("2502.00001v1"));

        assertThat(requests.open()).hasSize(Requests.MAX_OPEN).doesNotContainKey("2501.00001")
                .containsKeys("2501.00002", "2502.00001");
        assertThat(new Requests(file).open()).hasSize(Requests.MAX_OPEN).doesNotContainKey("2501.00001");
    }
}
