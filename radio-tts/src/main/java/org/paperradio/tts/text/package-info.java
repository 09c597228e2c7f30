/** Text for speech: normalisation (ids, LaTeX, symbols, acronyms), sentence and token splitting, MaryXML. */
package org.paperradio.tts.text;
