/**
 * Broadcast loudness in pure Java: ITU-R BS.1770-4 / EBU R128 integrated loudness and true peak
 * of mono PCM, and normalisation to a target loudness under a true-peak ceiling.
 */
package org.paperradio.tts.loudness;
