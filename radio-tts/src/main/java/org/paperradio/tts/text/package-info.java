/** Text for speech: normalisation (ids, LaTeX, symbols, acronyms), token splitting for MaryTTS (sentences come from radio-core's splitter), MaryXML. */
package org.paperradio.tts.text;
