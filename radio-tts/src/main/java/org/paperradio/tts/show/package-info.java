/** Summary shows (daily, weekly): a show script voiced chapter by chapter into one tagged mp3 with chapter marks. */
package org.paperradio.tts.show;
