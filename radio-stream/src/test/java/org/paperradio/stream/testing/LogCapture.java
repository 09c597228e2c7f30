package org.paperradio.stream.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.List;
import org.paperradio.core.paper.PaperLog;
import org.slf4j.LoggerFactory;

/** Records every log event (down to DEBUG, all loggers) while open, to check what was logged. */
public final class LogCapture implements AutoCloseable {

    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final Level rootLevel = root.getLevel();
    private final Logger paperradio = (Logger) LoggerFactory.getLogger("org.paperradio");
    private final Level paperradioLevel = paperradio.getLevel();
    /** Freezes each event's MDC on the logging thread: logback would read it later, on the reader's. */
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent e) {
            e.prepareForDeferredProcessing();
            super.append(e);
        }
    };

    public LogCapture() {
        appender.start();
        root.addAppender(appender);
        root.setLevel(Level.DEBUG);
        paperradio.setLevel(Level.DEBUG);
    }

    /**
     * Every event as text: level, logger, {@code paper=<id>} when the line is about a paper (the
     * MDC id, as the log pattern prints it), formatted message and any exception chain.
     */
    public synchronized List<String> lines() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(appender.list)) {
            String paper = e.getMDCPropertyMap().get(PaperLog.KEY);
            StringBuilder s = new StringBuilder(e.getLevel() + " " + e.getLoggerName()
                    + (paper == null ? "" : " paper=" + paper) + " " + e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                s.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
            }
            out.add(s.toString());
        }
        return out;
    }

    public List<String> from(Class<?> type) {
        return lines().stream().filter(l -> l.contains(" " + type.getName() + " ")).toList();
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        root.setLevel(rootLevel);
        paperradio.setLevel(paperradioLevel);
    }
}
