/**
 * H.264 (Constrained Baseline, CAVLC) video for the stream, built on JCodec but paying only for
 * what changes on screen: {@link org.paperradio.stream.video.h264.H264StreamEncoder} turns a
 * sequence of rendered frames into NAL units where an unchanged frame costs a few bytes and no
 * encoding work, a small change (a clock, a caption) re-sends only the changed macroblocks, and
 * the whole picture is intra-coded only for keyframes and large changes.
 */
package org.paperradio.stream.video.h264;
