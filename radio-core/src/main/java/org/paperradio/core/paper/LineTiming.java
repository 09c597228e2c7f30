package org.paperradio.core.paper;

import java.time.Duration;

/** When a script line starts and ends in the voiced audio (for captions and transcripts). */
public record LineTiming(int line, String speaker, String text, Duration start, Duration end) {
}
