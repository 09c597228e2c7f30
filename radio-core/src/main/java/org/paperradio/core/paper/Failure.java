package org.paperradio.core.paper;

import java.time.Instant;

/** Why a paper stopped: the stage that gave up, its reason and how often it was tried. */
public record Failure(String stage, String reason, int attempts, Instant at) {
}
