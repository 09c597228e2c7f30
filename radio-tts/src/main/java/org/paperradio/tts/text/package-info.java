/** Text for speech: normalisation (ids, LaTeX, symbols, units, acronyms), the pronunciation lexicon, token splitting for MaryTTS (sentences come from radio-core's splitter), MaryXML. */
package org.paperradio.tts.text;
