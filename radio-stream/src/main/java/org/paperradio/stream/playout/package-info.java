/**
 * Time on air: what can be on air ({@link org.paperradio.stream.playout.Segment}), the queue of
 * voiced papers ready to air ({@link org.paperradio.stream.playout.ReadyQueue}) and the clock that
 * airs them at real-time pace to every {@link org.paperradio.stream.playout.AudioOutput}
 * ({@link org.paperradio.stream.playout.PlayoutClock}).
 */
package org.paperradio.stream.playout;
