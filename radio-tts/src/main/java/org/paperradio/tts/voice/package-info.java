/** Voices: MaryTTS in-process, one voice per host (with audio effects for a second host). */
package org.paperradio.tts.voice;
