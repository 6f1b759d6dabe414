package com.outreachpilot.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** chat-service's settings; every value can be set by environment variable (see README). */
@ConfigMapping(prefix = "chat")
public interface ChatConfig {

    /** The OpenAI-compatible model endpoint the agent thinks with. */
    Model model();

    interface Model {

        /**
         * Base URL of an OpenAI-compatible API ({@code OPENAI_BASE_URL}, e.g. {@code http://localhost:11434/v1} for
         * Ollama); OpenAI's own when only a key is set.
         */
        Optional<String> baseUrl();

        /** The endpoint's API key ({@code OPENAI_API_KEY}); local servers usually need none. */
        Optional<String> apiKey();

        /** The model a message uses unless it names the premium one ({@code OPENAI_MODEL}). */
        @WithDefault("gpt-4o-mini")
        String defaultName();

        /** Credits a message with the default model costs. */
        @WithDefault("1")
        int defaultCost();

        /** The premium model a message may ask for with {@code "model"} ({@code OPENAI_PREMIUM_MODEL}). */
        @WithDefault("gpt-4o")
        String premiumName();

        /** Credits a message with the premium model costs. */
        @WithDefault("2")
        int premiumCost();

        /** Time for one model call; shorter than the gateway's chat timeout so the client gets our answer. */
        @WithDefault("40s")
        Duration timeout();

        /** Sampling temperature; empty leaves the endpoint's own default. */
        Optional<Double> temperature();

        /** Largest answer of one model call, in tokens. */
        @WithDefault("1024")
        int maxOutputTokens();
    }

    /** The whole of one message (every model call and tool call) must end within this; below the gateway's 120 s. */
    @WithDefault("100s")
    Duration deadline();

    /** Model calls that may ask for tools per message; then the agent answers with what it has. */
    @WithDefault("8")
    int maxToolRounds();

    /** Earlier messages of a thread sent to the model with a new one. */
    @WithDefault("20")
    int historyWindow();

    /** The other services the tools act through, with the caller's token. */
    Services services();

    interface Services {

        @WithDefault("http://localhost:8081")
        String contactsUrl();

        @WithDefault("http://localhost:8082")
        String campaignsUrl();

        @WithDefault("http://localhost:8084")
        String billingUrl();

        @WithDefault("http://localhost:8085")
        String webhooksUrl();

        /** Time for one call to another service. */
        @WithDefault("10s")
        Duration timeout();
    }
}
