package org.paperradio.core.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.paperradio.core.config.StationConfig;

/** Builds the configured {@link LanguageModel}. */
public final class LanguageModels {

    /** Sent as the key when none is configured: local servers ignore it, and the client insists on one. */
    static final String NO_KEY = "not-needed";

    private LanguageModels() {
    }

    /**
     * The model {@code config} describes, or empty when the provider is {@code none}. The API key
     * is read through {@code env} (normally {@code System::getenv}) from the variable
     * {@code config.apiKeyEnv()} names. LangChain4j's own retries are off (the pipeline retries)
     * and so is its request/response logging (it would log the key).
     */
    public static Optional<LanguageModel> create(StationConfig.Llm config, Function<String, String> env) {
        if (!config.enabled()) {
            return Optional.empty();
        }
        String base = config.baseUrl().toString();
        ChatModel chat;
        String key = "";
        switch (config.provider()) {
            case "openai" -> {
                String fromEnv = config.apiKeyEnv().isEmpty() ? null : env.apply(config.apiKeyEnv());
                key = fromEnv == null || fromEnv.isBlank() ? NO_KEY : fromEnv.strip();
                chat = OpenAiChatModel.builder()
                        .httpClientBuilder(HttpTransport.builder(Clock.systemUTC()))
                        .baseUrl(base)
                        .apiKey(key)
                        .modelName(config.model())
                        .timeout(config.timeout())
                        .maxTokens(config.maxTokens())
                        .temperature(config.temperature())
                        .maxRetries(0)
                        .logRequests(false)
                        .logResponses(false)
                        .build();
            }
            case "ollama" -> chat = OllamaChatModel.builder()
                    .httpClientBuilder(HttpTransport.builder(Clock.systemUTC()))
                    .baseUrl(base)
                    .modelName(config.model())
                    .timeout(config.timeout())
                    .numPredict(config.maxTokens())
                    // Ollama's own default window is small and silently cuts long prompts
                    .numCtx(config.contextTokens())
                    .temperature(config.temperature())
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            default -> throw new IllegalArgumentException("unknown LLM provider '" + config.provider() + "'");
        }
        return Optional.of(new LangChainModel(config.provider(), config.model(), chat, config.concurrency(),
                config.baseUrl(), key.equals(NO_KEY) ? "" : key));
    }
}
