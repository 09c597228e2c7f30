package org.paperradio.core.paper;

import java.time.Instant;

/**
 * Why a paper stopped: the stage that gave up, its reason, how often it was tried and when.
 * {@code retryable} failures (a network outage, a full disk) are tried again later; bad input
 * (a broken PDF) is not.
 */
public record Failure(String stage, String reason, int attempts, Instant at, boolean retryable) {
}
