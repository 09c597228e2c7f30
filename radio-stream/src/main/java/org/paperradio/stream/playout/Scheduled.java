package org.paperradio.stream.playout;

import java.time.Instant;

/**
 * What the schedule wants on air at the next segment boundary: a show whose slot has come
 * (it pre-empts the running show there) or its announcement. The playout clock asks at every
 * boundary and reports each scheduled item that aired to its end.
 */
public interface Scheduled {

    /** Nothing is ever scheduled. */
    Scheduled NONE = new Scheduled() {
        @Override
        public Segment due(Instant now) {
            return null;
        }

        @Override
        public void aired(Segment segment) {
        }
    };

    /** The item that must air next, or null to let the running show go on. Must be quick. */
    Segment due(Instant now);

    /** A scheduled item aired to its end. */
    void aired(Segment segment);
}
