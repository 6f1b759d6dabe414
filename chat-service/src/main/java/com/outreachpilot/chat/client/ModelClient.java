package com.outreachpilot.chat.client;

import com.outreachpilot.chat.config.ChatConfig;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * The OpenAI-compatible model endpoint (OpenAI, vLLM, Ollama, LM Studio…) through quarkus-langchain4j-openai's
 * client. One call is one chat completion; the blocking client runs on a worker thread and its answer continues
 * on the request's Vert.x context. Every failure becomes an {@link ApiException} with an AI code: 504
 * {@code AI_TIMEOUT} when the endpoint did not answer in time, 503 {@code AI_UNAVAILABLE} otherwise.
 */
@ApplicationScoped
public class ModelClient {

    private static final Logger LOG = Logger.getLogger(ModelClient.class);
    private static final String OPENAI = "https://api.openai.com/v1";

    @Inject
    ChatConfig config;

    private volatile ChatModel model;

    void init(@Observes StartupEvent event) {
        ChatConfig.Model settings = config.model();
        if (!configured()) {
            LOG.info("No AI model is configured (OPENAI_BASE_URL / OPENAI_API_KEY): chat messages are answered 503 AI_UNAVAILABLE");
            return;
        }
        String baseUrl = settings.baseUrl().filter(s -> !s.isBlank()).orElse(OPENAI);
        OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder()
                .baseUrl(baseUrl)
                // local servers take any key; the client insists on one
                .apiKey(settings.apiKey().filter(s -> !s.isBlank()).orElse("none"))
                .modelName(settings.defaultName())
                .timeout(settings.timeout())
                // one attempt: a retry would spend the client's time budget on a failing endpoint (a failed
                // message costs nothing, so the client may simply send it again)
                .maxRetries(0)
                .maxTokens(settings.maxOutputTokens());
        settings.temperature().ifPresent(builder::temperature);
        model = builder.build();
        LOG.infof("AI model endpoint %s: default model %s (%d credit(s)), premium model %s (%d credit(s))", baseUrl,
                settings.defaultName(), settings.defaultCost(), settings.premiumName(), settings.premiumCost());
    }

    /** Whether a model endpoint is configured: a base URL or an API key (OpenAI's own endpoint). */
    public boolean configured() {
        ChatConfig.Model settings = config.model();
        return settings.baseUrl().filter(s -> !s.isBlank()).isPresent()
                || settings.apiKey().filter(s -> !s.isBlank()).isPresent();
    }

    /** One chat completion, failing after {@code within} at the latest. */
    public Uni<ChatResponse> chat(ChatRequest request, Duration within) {
        ChatModel current = model;
        if (current == null) {
            return Uni.createFrom().failure(unavailable());
        }
        if (within.isNegative() || within.isZero()) {
            return Uni.createFrom().failure(new ApiException(ErrorCode.AI_TIMEOUT, "The AI model did not answer in time",
                    "The message's time budget was spent"));
        }
        Context context = Vertx.currentContext();
        Uni<ChatResponse> answer = Uni.createFrom().item(() -> current.chat(request))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .ifNoItem().after(within).failWith(() -> new ApiException(ErrorCode.AI_TIMEOUT,
                        "The AI model did not answer in time", "No answer within " + within.toSeconds() + " s"))
                .onFailure(e -> !(e instanceof ApiException)).transform(ModelClient::translate)
                .onItem().ifNull().failWith(() -> new ApiException(ErrorCode.AI_UNAVAILABLE,
                        "The AI model answered unexpectedly", "The answer was empty"))
                .invoke(response -> {
                    if (response.aiMessage() == null) {
                        throw new ApiException(ErrorCode.AI_UNAVAILABLE, "The AI model answered unexpectedly",
                                "The answer had no message");
                    }
                });
        if (context != null) {
            answer = answer.emitOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return answer;
    }

    /** The answer to a message when no model is configured. */
    public static ApiException unavailable() {
        return new ApiException(ErrorCode.AI_UNAVAILABLE, "The AI assistant is not configured on this server",
                "Set OPENAI_API_KEY (OpenAI) or OPENAI_BASE_URL (an OpenAI-compatible server such as vLLM, Ollama or"
                        + " LM Studio), and OPENAI_MODEL / OPENAI_PREMIUM_MODEL for the model names, then restart"
                        + " chat-service");
    }

    static ApiException translate(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            String name = e.getClass().getName().toLowerCase(Locale.ROOT);
            if (e instanceof java.util.concurrent.TimeoutException || e instanceof java.net.SocketTimeoutException
                    || e instanceof java.net.http.HttpTimeoutException || name.contains("timeout")) {
                return new ApiException(ErrorCode.AI_TIMEOUT, "The AI model did not answer in time", excerpt(e));
            }
        }
        LOG.warnf("AI model call failed: %s", describe(failure));
        if (failure instanceof AuthenticationException) {
            return new ApiException(ErrorCode.AI_UNAVAILABLE, "The AI model endpoint refused this server's API key",
                    "Check OPENAI_API_KEY");
        }
        if (failure instanceof ModelNotFoundException) {
            return new ApiException(ErrorCode.AI_UNAVAILABLE, "The AI model endpoint does not know the model",
                    "Check OPENAI_MODEL / OPENAI_PREMIUM_MODEL");
        }
        if (failure instanceof RateLimitException) {
            return new ApiException(ErrorCode.AI_UNAVAILABLE, "The AI model endpoint is rate limiting this server",
                    "Try again shortly");
        }
        if (failure instanceof HttpException http) {
            return new ApiException(ErrorCode.AI_UNAVAILABLE, "The AI model endpoint answered with an error",
                    "HTTP " + http.statusCode());
        }
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof IOException || e.getClass().getName().startsWith("io.netty")
                    || e.getClass().getName().startsWith("io.vertx")) {
                return new ApiException(ErrorCode.AI_UNAVAILABLE, "The AI model endpoint could not be reached",
                        excerpt(e));
            }
            if (e.getClass().getName().startsWith("com.fasterxml.jackson")) {
                return new ApiException(ErrorCode.AI_UNAVAILABLE, "The AI model answered unexpectedly",
                        "The answer is not a chat completion");
            }
        }
        return new ApiException(ErrorCode.AI_UNAVAILABLE, "The AI model call failed", excerpt(failure));
    }

    private static String describe(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable e = failure; e != null && chain.length() < 600; e = e.getCause()) {
            chain.append(chain.isEmpty() ? "" : " ← ").append(e.getClass().getSimpleName()).append(": ")
                    .append(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        return chain.toString();
    }

    /** The failure's type and the first line of its message, short and printable (never a stack trace). */
    private static String excerpt(Throwable e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        String text = e.getClass().getSimpleName() + (message.isBlank() || "null".equals(message) ? "" : ": " + message);
        text = text.replaceAll("\\p{Cntrl}", " ");
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
