package org.paperradio.stream.http;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.paperradio.stream.ops.StationMetrics;

/**
 * What monitoring asks, served by {@link WebServer}: {@code GET /health} (liveness: the web
 * server answers and the air runs), {@code GET /ready} (readiness: something to air is
 * buffered, not only the station's fillers) and {@code GET /metrics} (Prometheus text format).
 * None of them carries anything secret.
 */
public final class OpsApi {

    static final String HEALTH = "/health";
    static final String READY = "/ready";
    static final String METRICS = "/metrics";

    /**
     * Whether something worth airing waits: voiced papers, or aired ones to rerun.
     *
     * @param bufferedSeconds seconds of voiced papers ready to air
     * @param reruns          aired papers the station can rerun
     */
    public record Readiness(boolean onAir, double bufferedSeconds, int reruns) {
        boolean ready() {
            return onAir && (bufferedSeconds > 0 || reruns > 0);
        }
    }

    record HealthJson(String status, boolean onAir) {
    }

    record ReadyJson(String status, boolean onAir, double bufferedSeconds, int reruns) {
    }

    private final BooleanSupplier onAir;
    private final Supplier<Readiness> readiness;
    private final StationMetrics metrics;

    public OpsApi(BooleanSupplier onAir, Supplier<Readiness> readiness, StationMetrics metrics) {
        this.onAir = onAir;
        this.readiness = readiness;
        this.metrics = metrics;
    }

    boolean handles(String rawPath) {
        return rawPath.equals(HEALTH) || rawPath.equals(READY) || rawPath.equals(METRICS);
    }

    /** The JSON answer for /health or /ready. */
    LibraryApi.Reply answer(String rawPath) {
        if (rawPath.equals(HEALTH)) {
            boolean up = onAir.getAsBoolean();
            return new LibraryApi.Reply(up ? 200 : 503, new HealthJson(up ? "ok" : "off air", up));
        }
        Readiness r = readiness.get();
        return new LibraryApi.Reply(r.ready() ? 200 : 503,
                new ReadyJson(r.ready() ? "ready" : "nothing buffered to air", r.onAir(), r.bufferedSeconds(), r.reruns()));
    }

    boolean isMetrics(String rawPath) {
        return rawPath.equals(METRICS);
    }

    StationMetrics metrics() {
        return metrics;
    }
}
