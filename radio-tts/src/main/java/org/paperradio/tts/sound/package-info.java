/**
 * How the station sounds between and under the words: fades at the edges of every piece, the
 * final loudness mastering, a music bed under a segment's intro and outro, and the sting the
 * playout puts between items. Everything works on mono 16-bit {@link org.paperradio.tts.audio.Pcm}
 * at the station rate and takes its numbers from {@link org.paperradio.core.config.StationConfig.Sound}.
 */
package org.paperradio.tts.sound;
