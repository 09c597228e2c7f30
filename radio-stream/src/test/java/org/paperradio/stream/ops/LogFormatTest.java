package org.paperradio.stream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.status.Status;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.paperradio.core.paper.ArxivId;
import org.paperradio.core.paper.PaperLog;
import org.slf4j.MDC;

/**
 * The station's real logback.xml: text lines name the paper (from the MDC) only when there is one,
 * and {@code PAPER_RADIO_LOG_FORMAT=json} gives one JSON object a line with the id in its MDC map.
 */
class LogFormatTest {

    private static final ArxivId PAPER = ArxivId.parse("2501.00001v1");

    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        context.stop();
        MDC.clear();
    }

    /** Configures a fresh context from the main logback.xml and sends its console output to {@link #out}. */
    private Logger configure(String format) throws Exception {
        context.setMDCAdapter(MDC.getMDCAdapter());
        if (format != null) {
            // context properties come before environment variables in logback's substitution
            context.putProperty("PAPER_RADIO_LOG_FORMAT", format);
        }
        URL config = getClass().getResource("/logback.xml");
        assertThat(config).as("the main logback.xml on the class path").isNotNull();
        assertThat(config.getPath()).doesNotContain("test-classes");
        JoranConfigurator joran = new JoranConfigurator();
        joran.setContext(context);
        joran.doConfigure(config);
        List<Status> problems = context.getStatusManager().getCopyOfStatusList().stream()
                .filter(s -> s.getLevel() >= Status.WARN).toList();
        assertThat(problems).as("configuration warnings and errors").isEmpty();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        var appender = (OutputStreamAppender<ILoggingEvent>) root.getAppender("OUT");
        assertThat(appender).as("the OUT appender of the included file").isNotNull();
        appender.setOutputStream(out);
        return context.getLogger("org.paperradio.core.kernel.PaperPipeline");
    }

    private void logBothKinds(Logger log) {
        try (PaperLog.Scope scope = PaperLog.scope(PAPER)) {
            log.info("fetch done in {} ms", 12);
        }
        log.info("poll found {} papers, {} new", 3, 1);
    }

    private List<String> lines() {
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void textIsTheDefaultAndNamesThePaperOnlyOnLinesAboutOne() throws Exception {
        assumeTrue(System.getenv("PAPER_RADIO_LOG_FORMAT") == null, "the default needs the variable unset");
        logBothKinds(configure(null));
        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\S+ INFO  \\[[^]]+] o\\.p\\.c\\.k\\.PaperPipeline - "
                + "paper=2501\\.00001v1 fetch done in 12 ms");
        assertThat(lines.get(1)).endsWith("o.p.c.k.PaperPipeline - poll found 3 papers, 1 new")
                .doesNotContain("paper=");
    }

    @Test
    void textCanBeAskedForByName() throws Exception {
        logBothKinds(configure("text"));
        assertThat(lines()).hasSize(2).first().asString().contains(" - paper=2501.00001v1 fetch done in 12 ms");
    }

    @Test
    void jsonGivesOneObjectALineWithThePaperInTheMdc() throws Exception {
        logBothKinds(configure("json"));
        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode about = json.readTree(lines.get(0));
        assertThat(about.path("level").asText()).isEqualTo("INFO");
        assertThat(about.path("loggerName").asText()).isEqualTo("org.paperradio.core.kernel.PaperPipeline");
        assertThat(about.path("formattedMessage").asText()).isEqualTo("fetch done in 12 ms");
        assertThat(about.path("mdc").path("paper").asText()).isEqualTo("2501.00001v1");
        assertThat(about.path("timestamp").asLong()).isPositive();

        JsonNode other = json.readTree(lines.get(1));
        assertThat(other.path("formattedMessage").asText()).isEqualTo("poll found 3 papers, 1 new");
        assertThat(other.path("mdc").has("paper")).isFalse();
    }

    @Test
    void theStationRefusesAnUnknownFormatRatherThanRunWithoutLogs() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                org.paperradio.stream.station.Station.class.getName(), "--help").redirectErrorStream(true);
        pb.environment().put("PAPER_RADIO_LOG_FORMAT", "xml");
        Process p = pb.start();
        String said = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(said).isEqualTo(2);
        assertThat(said).contains("PAPER_RADIO_LOG_FORMAT must be text or json, not 'xml'");
    }
}
