/**
 * The pictures of the video stream: what is on air at a position in a segment
 * ({@link org.paperradio.stream.video.SceneTimeline}, made by
 * {@link org.paperradio.stream.video.Scenery}) as a {@link org.paperradio.stream.video.VideoScene},
 * drawn into frames by {@link org.paperradio.stream.video.FrameComposer}.
 */
package org.paperradio.stream.video;
