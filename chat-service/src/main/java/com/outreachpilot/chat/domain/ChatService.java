package com.outreachpilot.chat.domain;

import com.outreachpilot.chat.client.BillingClient;
import com.outreachpilot.chat.client.ModelClient;
import com.outreachpilot.chat.config.ChatConfig;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.time.Clock;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * One chat message, start to end: the thread's recent messages, the credits held under a key this service
 * generates for the message, the agent's answer, the exchange stored with its event, then the charge (right
 * after the answer leaves). Any failure before the answer is stored gives the credits back; no answer, no charge.
 */
@ApplicationScoped
public class ChatService {

    private static final Logger LOG = Logger.getLogger(ChatService.class);

    /** An answered message. */
    public record Reply(String response, UUID threadId, UUID messageId, List<ToolCall> toolCalls, String model,
                        int inputTokens, int outputTokens, int creditsUsed, long creditsRemaining) {
    }

    @Inject
    ChatConfig config;

    @Inject
    ModelClient model;

    @Inject
    Agent agent;

    @Inject
    Conversations conversations;

    @Inject
    BillingClient billing;

    @Inject
    Clock clock;

    @Inject
    ChatMetrics metrics;

    /** The model a message asked for (null: the default); 422 naming {@code model} when it is not offered. */
    public ModelChoice choose(String requested) {
        ChatConfig.Model m = config.model();
        if (requested == null || requested.equals(m.defaultName()) || requested.equalsIgnoreCase("default")) {
            return new ModelChoice(m.defaultName(), m.defaultCost());
        }
        if (requested.equals(m.premiumName()) || requested.toLowerCase(Locale.ROOT).equals("premium")) {
            return new ModelChoice(m.premiumName(), m.premiumCost());
        }
        throw ApiException.invalid("model", "must be one of " + m.defaultName() + " (" + m.defaultCost() + " credit"
                + (m.defaultCost() == 1 ? "" : "s") + "), " + m.premiumName() + " (" + m.premiumCost() + " credits),"
                + " or the aliases default and premium");
    }

    public Uni<Reply> send(OrgId orgId, String token, List<String> scopes, String message, UUID threadId, String requestedModel) {
        ModelChoice choice = choose(requestedModel);
        Instant askedAt = clock.now();
        Instant deadline = askedAt.plus(config.deadline());
        Uni<List<ChatMessage>> history = threadId == null ? Uni.createFrom().item(List.of())
                : metrics.timed("history", () -> conversations.recent(orgId, threadId, config.historyWindow()))
                .map(ChatService::history);
        return history.chain(earlier -> {
            if (!model.configured()) {
                return Uni.createFrom().failure(ModelClient.unavailable());
            }
            UUID messageId = Ids.newUuid();
            // the charge key is this service's, one per message: a client cannot choose or replay it
            String chargeKey = "chat:" + messageId;
            return metrics.timed("reserve", () -> billing.reserve(token, chargeKey, choice.credits())).chain(held -> agent
                    .answer(earlier, message, choice, token, scopes, deadline)
                    .chain(answer -> metrics.timed("store", () -> conversations.append(orgId, new Conversations.Exchange(
                                    threadId == null ? Ids.newUuid() : threadId, threadId == null, messageId, message,
                                    answer.text(), answer.toolCalls(), choice.name(), answer.inputTokens(),
                                    answer.outputTokens(), choice.credits(), askedAt)))
                            .map(thread -> new Reply(answer.text(), thread.id(), messageId, answer.toolCalls(),
                                    choice.name(), answer.inputTokens(), answer.outputTokens(), choice.credits(),
                                    held.creditsRemaining())))
                    .onFailure().call(failure -> release(token, held, failure))
                    .invoke(reply -> settleLater(token, held, reply)));
        });
    }

    /**
     * Charges the held credits once the exchange is stored, without making the client wait for it: the answer's
     * {@code credits_remaining} is the balance after the hold, which the charge leaves as it is (the whole hold
     * is charged). A charge that fails is retried; should it never land, billing releases the hold after its TTL
     * and the message was free: never a charge without an answer.
     */
    private void settleLater(String token, BillingClient.Reservation held, Reply reply) {
        metrics.timed("settle", () -> billing.settle(token, held.id(), reply.creditsUsed()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(5)).atMost(3)
                .subscribe().with(settled -> { }, e -> LOG.warnf("Could not settle reservation %s of message %s: %s"
                        + " (billing releases it after its TTL)", held.id(), reply.messageId(), e.toString()));
    }

    private Uni<Void> release(String token, BillingClient.Reservation held, Throwable failure) {
        return billing.release(token, held.id()).replaceWithVoid()
                .onFailure().recoverWithUni(e -> {
                    LOG.warnf("Could not release reservation %s after %s: %s (billing releases it after its TTL)",
                            held.id(), failure.getClass().getSimpleName(), e.toString());
                    return Uni.createFrom().voidItem();
                });
    }

    private static List<ChatMessage> history(Conversations.Recent recent) {
        List<ChatMessage> messages = new ArrayList<>();
        for (MessageRecord m : recent.messages()) {
            messages.add(ThreadMessage.USER.equals(m.role()) ? UserMessage.from(m.content()) : AiMessage.from(m.content()));
        }
        return messages;
    }
}
