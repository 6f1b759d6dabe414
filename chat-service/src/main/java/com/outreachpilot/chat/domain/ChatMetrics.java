package com.outreachpilot.chat.domain;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.function.Supplier;

/**
 * Where a message's time goes, at {@code /q/metrics}: {@code chat_stage_seconds{stage=…}} for the model calls,
 * each tool, the credit hold and charge, the history read and the exchange's storage, and {@code outcome} of
 * whole messages.
 */
@ApplicationScoped
public class ChatMetrics {

    @Inject
    MeterRegistry registry;

    /** Times {@code work} as {@code stage} (with its outcome: ok or failed). */
    public <T> Uni<T> timed(String stage, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start(registry);
            return work.get()
                    .onItem().invoke(ignored -> sample.stop(timer(stage, "ok")))
                    .onFailure().invoke(ignored -> sample.stop(timer(stage, "failed")));
        });
    }

    private Timer timer(String stage, String outcome) {
        return Timer.builder("chat.stage").description("Time of one stage of a chat message")
                .tag("stage", stage).tag("outcome", outcome)
                .publishPercentileHistogram(false).register(registry);
    }
}
