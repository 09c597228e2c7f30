package org.paperradio.stream.ops;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.paperradio.core.kernel.PaperPipeline;
import org.paperradio.core.llm.LlmException;
import org.paperradio.core.llm.LlmStats;
import org.paperradio.stream.playout.PlayoutClock;

/**
 * The station's metrics in the Prometheus text format, for {@code GET /metrics}. Every value is
 * read from the part that keeps it at scrape time (the pipeline's stage counters, the playout
 * clock's air, the outputs' connection state, the language model's guard, the speech fallback),
 * so the parts carry no metrics library and a scrape costs nothing between scrapes. JVM memory,
 * threads, GC and the process's open files come from the Prometheus client's JVM collectors.
 * One registry per station, never the client's global one.
 */
public final class StationMetrics {

    /** An output that connects somewhere: RTMP or Icecast. */
    public record OutputStatus(String kind, String name, boolean connected, long reconnects) {
    }

    /**
     * Where the figures come from.
     *
     * @param stages           the pipeline's stages
     * @param air              the playout clock's air
     * @param bufferedAhead    voiced audio waiting to air
     * @param listeners        live-stream listeners now
     * @param droppedListeners listeners cut off for falling behind, since start
     * @param outputs          RTMP and Icecast outputs
     * @param llm              the language model's counters; empty without a model
     * @param ttsFallbackLines lines the fallback voice spoke because the speech server failed
     * @param arxivFailedTries requests to arXiv that failed, every try, by kind
     * @param polls            the pipeline's polls of the paper source
     */
    public record Sources(Supplier<List<PaperPipeline.StageStats>> stages, Supplier<PlayoutClock.AirStats> air,
                          Supplier<Duration> bufferedAhead, IntSupplier listeners, LongSupplier droppedListeners,
                          Supplier<List<OutputStatus>> outputs, Supplier<Optional<LlmStats>> llm,
                          LongSupplier ttsFallbackLines, Supplier<Map<String, Long>> arxivFailedTries,
                          Supplier<PaperPipeline.PollStats> polls) {
    }

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    public StationMetrics(Sources s) {
        GaugeWithCallback.builder().name("paperradio_stage_queue_depth")
                .help("Papers waiting in front of a stage").labelNames("stage")
                .callback(cb -> s.stages().get().forEach(st -> cb.call(st.waiting(), st.stage()))).register(registry);
        GaugeWithCallback.builder().name("paperradio_stage_busy")
                .help("Papers a stage is working on now").labelNames("stage")
                .callback(cb -> s.stages().get().forEach(st -> cb.call(st.busy(), st.stage()))).register(registry);
        GaugeWithCallback.builder().name("paperradio_stage_paused")
                .help("1 while the operator holds a stage").labelNames("stage")
                .callback(cb -> s.stages().get().forEach(st -> cb.call(st.paused() ? 1 : 0, st.stage())))
                .register(registry);
        CounterWithCallback.builder().name("paperradio_stage_items")
                .help("Papers a stage finished, by outcome (done, retried, failed)").labelNames("stage", "outcome")
                .callback(cb -> s.stages().get().forEach(st -> {
                    cb.call(st.done(), st.stage(), "done");
                    cb.call(st.retried(), st.stage(), "retried");
                    cb.call(st.failures().values().stream().mapToLong(Long::longValue).sum(), st.stage(), "failed");
                })).register(registry);
        CounterWithCallback.builder().name("paperradio_stage_failures")
                .help("Papers failed for good, by stage and reason (the kind of error)").labelNames("stage", "reason")
                .callback(cb -> s.stages().get().forEach(st ->
                        st.failures().forEach((reason, n) -> cb.call(n, st.stage(), reason)))).register(registry);
        SummaryWithCallback.builder().name("paperradio_stage_seconds")
                .help("Time stages spent on papers (count and sum: rate(sum)/rate(count) is the mean latency)")
                .labelNames("stage")
                .callback(cb -> s.stages().get().forEach(st -> {
                    long n = st.done() + st.failures().values().stream().mapToLong(Long::longValue).sum();
                    cb.call(n, st.busyTime().toNanos() / 1e9, Quantiles.EMPTY, st.stage());
                })).register(registry);
        CounterWithCallback.builder().name("paperradio_arxiv_request_failures")
                .help("Requests to arXiv that failed, every try counted (retried ones too), by kind: http_<status>,"
                        + " timeout, network, too_large, wrong_type").labelNames("reason")
                .callback(cb -> s.arxivFailedTries().get().forEach((kind, n) -> cb.call(n, kind))).register(registry);
        CounterWithCallback.builder().name("paperradio_polls")
                .help("Polls of the paper source that it answered").callback(cb -> cb.call(s.polls().get().answered()))
                .register(registry);
        CounterWithCallback.builder().name("paperradio_poll_failures")
                .help("Polls of the paper source that failed, by reason (the kind of error: after arXiv's own retries)")
                .labelNames("reason")
                .callback(cb -> s.polls().get().failures().forEach((reason, n) -> cb.call(n, reason))).register(registry);
        CounterWithCallback.builder().name("paperradio_poll_store_failures")
                .help("Times a poll could not store a new paper it found (the disk): the next poll tries it again")
                .callback(cb -> cb.call(s.polls().get().storeFailures())).register(registry);

        GaugeWithCallback.builder().name("paperradio_air_buffered_seconds")
                .help("Seconds of voiced papers ready to air")
                .callback(cb -> cb.call(s.bufferedAhead().get().toMillis() / 1000.0)).register(registry);
        CounterWithCallback.builder().name("paperradio_air_dead_seconds")
                .help("Seconds the outputs had nothing to play (must stay 0)")
                .callback(cb -> cb.call(s.air().get().deadAir().toNanos() / 1e9)).register(registry);
        CounterWithCallback.builder().name("paperradio_air_items")
                .help("Items put on air, by kind").labelNames("kind")
                .callback(cb -> s.air().get().aired().forEach((kind, n) -> cb.call(n, kind))).register(registry);
        CounterWithCallback.builder().name("paperradio_air_timeline_restarts")
                .help("Times the air fell so far behind real time that its timeline restarted")
                .callback(cb -> cb.call(s.air().get().timelineRestarts())).register(registry);

        GaugeWithCallback.builder().name("paperradio_listeners")
                .help("Listeners of the live stream now")
                .callback(cb -> cb.call(s.listeners().getAsInt())).register(registry);
        CounterWithCallback.builder().name("paperradio_listeners_dropped")
                .help("Listeners cut off because they fell too far behind")
                .callback(cb -> cb.call(s.droppedListeners().getAsLong())).register(registry);
        GaugeWithCallback.builder().name("paperradio_output_connected")
                .help("1 while an RTMP or Icecast output is connected").labelNames("kind", "name")
                .callback(cb -> s.outputs().get().forEach(o -> cb.call(o.connected() ? 1 : 0, o.kind(), o.name())))
                .register(registry);
        CounterWithCallback.builder().name("paperradio_output_reconnects")
                .help("Times an output connected again after losing its connection").labelNames("kind", "name")
                .callback(cb -> s.outputs().get().forEach(o -> cb.call(o.reconnects(), o.kind(), o.name())))
                .register(registry);

        CounterWithCallback.builder().name("paperradio_llm_calls")
                .help("Calls to the language model by outcome (ok, or the kind of failure)").labelNames("outcome")
                .callback(cb -> s.llm().get().ifPresent(st -> {
                    cb.call(st.successes(), "ok");
                    for (LlmException.Kind k : LlmException.Kind.values()) {
                        cb.call(st.failures(k), k.name().toLowerCase(java.util.Locale.ROOT));
                    }
                })).register(registry);
        CounterWithCallback.builder().name("paperradio_llm_fallbacks")
                .help("Calls that gave no answer (failed, or refused while the model rests): the extractive writer stood in")
                .callback(cb -> s.llm().get().ifPresent(st -> cb.call(st.calls() - st.successes()))).register(registry);
        CounterWithCallback.builder().name("paperradio_llm_unusable_answers")
                .help("Answers the model gave that could not be used (not the JSON asked for, no usable script line)")
                .callback(cb -> s.llm().get().ifPresent(st -> cb.call(st.unusable()))).register(registry);
        SummaryWithCallback.builder().name("paperradio_llm_call_seconds")
                .help("Latency of the calls that reached the model")
                .callback(cb -> s.llm().get().ifPresent(st -> cb.call(st.successes() + st.failed(),
                        st.totalLatency().toNanos() / 1e9, Quantiles.EMPTY))).register(registry);
        GaugeWithCallback.builder().name("paperradio_llm_available")
                .help("1 while the language model is asked, 0 while it rests after failures")
                .callback(cb -> s.llm().get().ifPresent(st -> cb.call(st.available() ? 1 : 0))).register(registry);
        CounterWithCallback.builder().name("paperradio_tts_fallback_lines")
                .help("Lines MaryTTS spoke because the speech server failed")
                .callback(cb -> cb.call(s.ttsFallbackLines().getAsLong())).register(registry);

        JvmMetrics.builder().register(registry);
    }

    /** The content type of {@link #scrape()}. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Every metric now, in the Prometheus text format. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }
}
