/** Prompts: the operator-editable LLM prompt files, validated, versioned, rendered with quoted data and reloaded live. */
package org.paperradio.core.prompt;
