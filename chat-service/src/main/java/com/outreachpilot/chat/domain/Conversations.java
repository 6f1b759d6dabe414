package com.outreachpilot.chat.domain;

import com.outreachpilot.chat.events.ChatEvents;
import com.outreachpilot.chat.repository.MessageRepository;
import com.outreachpilot.chat.repository.ThreadRepository;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.OrgId;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageRequest;
import com.outreachpilot.platform.time.Clock;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Threads and their messages: the agent's memory, kept per organization in this service's database. */
@ApplicationScoped
public class Conversations {

    /** A thread with its recent messages (oldest first). */
    public record Recent(ThreadSummary thread, List<MessageRecord> messages) {
    }

    /** A thread and one page of its messages. */
    public record ThreadPage(ThreadSummary thread, Page<MessageRecord> messages) {
    }

    /** One finished exchange, to be appended to a thread. */
    public record Exchange(UUID threadId, boolean newThread, UUID messageId, String userText, String answer,
                           List<ToolCall> toolCalls, String model, int inputTokens, int outputTokens, int credits,
                           Instant askedAt) {
    }

    @Inject
    ThreadRepository threads;

    @Inject
    MessageRepository messages;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** The organization's thread with its last {@code window} messages; 404 when it has no such thread. */
    @WithSession
    public Uni<Recent> recent(OrgId orgId, UUID threadId, int window) {
        return threads.find(orgId, threadId).chain(thread -> {
            if (thread == null) {
                return Uni.createFrom().failure(ApiException.notFound("Thread"));
            }
            return messages.recent(thread.id, window)
                    .map(found -> new Recent(thread.summary(), found.stream().map(ThreadMessage::record).toList()));
        });
    }

    /**
     * Appends the client's message and the answer to the thread (created for a first message) and records
     * {@code chat.message.completed}, in one transaction; 404 when the thread was deleted meanwhile.
     */
    @WithTransaction
    public Uni<ThreadSummary> append(OrgId orgId, Exchange exchange) {
        Instant now = clock.now();
        Uni<ChatThread> thread;
        if (exchange.newThread()) {
            ChatThread created = new ChatThread();
            created.id = exchange.threadId();
            created.orgId = orgId.toString();
            created.title = title(exchange.userText());
            created.messageCount = 0;
            created.createdAt = exchange.askedAt();
            created.updatedAt = exchange.askedAt();
            thread = threads.persist(created);
        } else {
            // the row lock orders concurrent exchanges of one thread
            thread = threads.lock(orgId, exchange.threadId());
        }
        return thread.chain(t -> {
            if (t == null) {
                return Uni.createFrom().failure(ApiException.notFound("Thread"));
            }
            ThreadMessage asked = message(orgId, t, Ids.newUuid(), t.messageCount + 1, ThreadMessage.USER,
                    exchange.userText(), exchange.askedAt());
            ThreadMessage answered = message(orgId, t, exchange.messageId(), t.messageCount + 2, ThreadMessage.ASSISTANT,
                    exchange.answer(), now);
            answered.toolCalls = exchange.toolCalls();
            answered.model = exchange.model();
            answered.inputTokens = exchange.inputTokens();
            answered.outputTokens = exchange.outputTokens();
            answered.creditsUsed = exchange.credits();
            t.messageCount += 2;
            t.updatedAt = now;
            return messages.persist(List.of(asked, answered))
                    .chain(() -> outbox.append(ChatEvents.completed(orgId.toString(), t.id, exchange.messageId(),
                            exchange.model(), exchange.inputTokens(), exchange.outputTokens(),
                            exchange.toolCalls().stream().map(ToolCall::name).toList(), exchange.credits(), now)))
                    .map(ignored -> t.summary());
        });
    }

    @WithSession
    public Uni<Page<ThreadSummary>> list(OrgId orgId, PageRequest page) {
        return threads.page(orgId, page).chain(found -> threads.count(orgId)
                .map(total -> new Page<>(found.stream().map(ChatThread::summary).toList(), total, page)));
    }

    /** A thread with a page of its messages in order; 404 when the organization has no such thread. */
    @WithSession
    public Uni<ThreadPage> get(OrgId orgId, UUID threadId, PageRequest page) {
        return threads.find(orgId, threadId).chain(thread -> {
            if (thread == null) {
                return Uni.createFrom().failure(ApiException.notFound("Thread"));
            }
            return messages.page(thread.id, page).map(found -> new ThreadPage(thread.summary(),
                    new Page<>(found.stream().map(ThreadMessage::record).toList(), thread.messageCount, page)));
        });
    }

    /** Deletes a thread and its messages; 404 when the organization has no such thread. */
    @WithTransaction
    public Uni<UUID> delete(OrgId orgId, UUID threadId) {
        return threads.find(orgId, threadId).chain(thread -> {
            if (thread == null) {
                return Uni.createFrom().failure(ApiException.notFound("Thread"));
            }
            return threads.delete(thread).map(ignored -> thread.id);
        });
    }

    /** In the caller's transaction: every thread of a deleted organization. */
    public Uni<Void> purgeOrganization(OrgId orgId) {
        return threads.deleteOrganization(orgId);
    }

    private static ThreadMessage message(OrgId orgId, ChatThread thread, UUID id, int seq, String role, String content,
                                       Instant at) {
        ThreadMessage m = new ThreadMessage();
        m.id = id;
        m.threadId = thread.id;
        m.orgId = orgId.toString();
        m.seq = seq;
        m.role = role;
        m.content = content;
        m.createdAt = at;
        return m;
    }

    static String title(String message) {
        String oneLine = message.strip().replaceAll("\\s+", " ");
        if (oneLine.codePointCount(0, oneLine.length()) <= ChatThread.TITLE_LENGTH) {
            return oneLine;
        }
        return oneLine.substring(0, oneLine.offsetByCodePoints(0, ChatThread.TITLE_LENGTH - 1)) + "…";
    }
}
