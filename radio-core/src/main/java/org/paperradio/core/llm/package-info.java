/** The language model behind the writer: one chat call, typed failures, and a guard so the air never waits on it. */
package org.paperradio.core.llm;
