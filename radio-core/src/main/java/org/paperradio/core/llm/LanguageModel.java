package org.paperradio.core.llm;

/**
 * A chat model that answers one system + user prompt. Implementations are thread-safe; every
 * failure is an {@link LlmException} whose {@link LlmException.Kind} says what went wrong.
 */
public interface LanguageModel {

    /** Asks the model once (no retries: the pipeline decides when to try again). */
    Answer chat(String system, String user) throws LlmException;

    /** Which model this is, as {@code provider:name} (e.g. {@code openai:llama3.2}), for provenance. */
    String model();

    /**
     * Tells the model's keeper that an answer it gave could not be used (not the JSON asked for,
     * a script with no usable line): counted for the operator, since a model that talks nonsense
     * answers 200 and would look healthy otherwise. Nothing by default.
     */
    default void unusable(String why) {
    }
}
