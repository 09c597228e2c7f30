/**
 * The RTMP side of the video stream: FLV tags ({@link org.paperradio.stream.rtmp.FlvTag},
 * {@link org.paperradio.stream.rtmp.FlvWriter}), AMF0 ({@link org.paperradio.stream.rtmp.Amf0}) and
 * a publisher that keeps one live stream on an RTMP server, reconnecting forever
 * ({@link org.paperradio.stream.rtmp.RtmpPublisher}). Plain {@code rtmp://} only; {@code rtmps://}
 * is not supported.
 */
package org.paperradio.stream.rtmp;
