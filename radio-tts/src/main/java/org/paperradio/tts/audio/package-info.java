/** Audio in memory and on disk: PCM, resampling, WAV files, MP3 encoding and decoding (pure Java). */
package org.paperradio.tts.audio;
