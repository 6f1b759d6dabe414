package com.outreachpilot.chat.repository;

import com.outreachpilot.chat.domain.ThreadMessage;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class MessageRepository implements PanacheRepositoryBase<ThreadMessage, UUID> {

    /** The thread's last {@code count} messages, oldest first. */
    public Uni<List<ThreadMessage>> recent(UUID threadId, int count) {
        if (count <= 0) {
            return Uni.createFrom().item(List.of());
        }
        return find("threadId = ?1 order by seq desc", threadId).range(0, count - 1).list()
                .map(found -> {
                    List<ThreadMessage> ordered = new ArrayList<>(found);
                    Collections.reverse(ordered);
                    return ordered;
                });
    }

    /** The thread's messages in order. */
    public Uni<List<ThreadMessage>> page(UUID threadId, PageRequest page) {
        return find("threadId = ?1 order by seq", threadId)
                .range(page.offset(), page.offset() + page.limit() - 1).list();
    }
}
