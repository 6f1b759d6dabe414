package com.outreachpilot.gateway.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/**
 * A request body as it streams to a service, cut off once it passes a limit: for bodies sent without a
 * Content-Length (chunked), whose size is known only as they arrive. Past the limit nothing more is passed
 * on, the end is never signalled (the service sees an unfinished body, never a shorter valid one), and
 * {@code exceeded} runs once.
 */
final class CappedBody implements ReadStream<Buffer> {

    private final ReadStream<Buffer> source;
    private final long limit;
    private final Runnable exceeded;
    private long seen;
    private boolean cut;

    CappedBody(ReadStream<Buffer> source, long limit, Runnable exceeded) {
        this.source = source;
        this.limit = limit;
        this.exceeded = exceeded;
    }

    @Override
    public CappedBody handler(Handler<Buffer> handler) {
        source.handler(handler == null ? null : chunk -> {
            if (cut) {
                return;
            }
            seen += chunk.length();
            if (seen > limit) {
                cut = true;
                exceeded.run();
                return;
            }
            handler.handle(chunk);
        });
        return this;
    }

    @Override
    public CappedBody endHandler(Handler<Void> handler) {
        source.endHandler(handler == null ? null : end -> {
            if (!cut) {
                handler.handle(end);
            }
        });
        return this;
    }

    @Override
    public CappedBody exceptionHandler(Handler<Throwable> handler) {
        source.exceptionHandler(handler);
        return this;
    }

    @Override
    public CappedBody pause() {
        source.pause();
        return this;
    }

    @Override
    public CappedBody resume() {
        source.resume();
        return this;
    }

    @Override
    public CappedBody fetch(long amount) {
        source.fetch(amount);
        return this;
    }
}
