/** The voice stage of the paper pipeline: script.json in, audio/segment.{wav,mp3} and timing.json out. */
package org.paperradio.tts.stage;
