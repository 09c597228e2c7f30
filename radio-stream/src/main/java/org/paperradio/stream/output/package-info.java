/**
 * Where the air goes: the live MP3 stream fanned out to HTTP listeners
 * ({@link org.paperradio.stream.output.LiveMp3Broadcast}) and the archive of aired segments
 * ({@link org.paperradio.stream.output.SegmentArchive}).
 */
package org.paperradio.stream.output;
