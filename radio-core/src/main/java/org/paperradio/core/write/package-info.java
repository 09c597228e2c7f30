/** Writing: scripts from papers (extractive now; LLM-backed later). */
package org.paperradio.core.write;
