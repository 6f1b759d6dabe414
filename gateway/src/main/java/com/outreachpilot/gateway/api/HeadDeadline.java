package com.outreachpilot.gateway.api;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import com.outreachpilot.platform.web.RequestIds;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A deadline for the head (request line and headers) of every HTTP/1.1 request on a connection, as nginx's
 * {@code client_header_timeout}: the clock starts with the connection and, between requests, with the first byte
 * of the next one; when the head is not complete in time the client gets a 408 in the error envelope and the
 * connection closes. Without it a client sending its headers a byte at a time holds a connection for as long as
 * it likes (each byte resets the idle timeout). An idle keep-alive connection (no byte of a next request yet) is
 * left to the idle timeout.
 * <p>
 * Two handlers on the connection's Netty pipeline, both on its event loop: one first from the connection's accept
 * ({@link Server}), which sees bytes arrive, and one after the HTTP codec once Vert.x has set the connection up
 * (with h2c served, that is when the first request's head has been decoded), which sees a request's head decoded
 * and its response's last part written. HTTP/2, by prior knowledge or upgrade, drops both.
 */
final class HeadDeadline {

    private static final String BYTES = "op-head-deadline-bytes";
    private static final String MESSAGES = "op-head-deadline-messages";

    private final long timeoutMillis;
    private final Function<String, String> envelope;
    private final Channel channel;
    /** Requests whose head has arrived and whose response has not been written to its end. */
    private int open;
    /** A response head with an interim status (100 Continue) was written: its end does not end the request. */
    private boolean interim;
    private ScheduledFuture<?> timer;
    /** A byte has arrived since the last request ended (a silent connection is closed without an answer). */
    private boolean started;
    /** Vert.x has set the connection up as HTTP/1.1 (until then the codec is not on the pipeline yet). */
    private boolean http1;

    private HeadDeadline(Channel channel, long timeoutMillis, Function<String, String> envelope) {
        this.channel = channel;
        this.timeoutMillis = timeoutMillis;
        this.envelope = envelope;
    }

    /**
     * Starts watching a connection as it is accepted, before its first byte: {@code envelope} writes the 408's body
     * for a request id.
     */
    static void watch(Channel channel, long timeoutMillis, Function<String, String> envelope) {
        HeadDeadline deadline = new HeadDeadline(channel, timeoutMillis, envelope);
        channel.pipeline().addFirst(BYTES, deadline.new Bytes());
        deadline.arm();
    }

    /**
     * The connection's protocol is known: Vert.x tells it once the first HTTP/1.1 request's head has been decoded
     * (that request is then open), or once HTTP/2 has been set up (the deadline steps aside).
     */
    static void connected(Channel channel) {
        if (!(channel.pipeline().get(BYTES) instanceof Bytes bytes)) {
            return;
        }
        HeadDeadline deadline = bytes.deadline();
        if (channel.pipeline().get("httpDecoder") == null || channel.pipeline().get("httpEncoder") == null) {
            deadline.upgraded();
            return;
        }
        deadline.http1 = true;
        deadline.open = 1;
        deadline.disarm();
        channel.pipeline().addAfter("httpEncoder", MESSAGES, deadline.new Messages());
    }

    /** Vert.x' HTTP server with every accepted connection watched from its first byte. */
    static final class Server extends io.vertx.core.http.impl.HttpServerImpl {
        private final long timeoutMillis;
        private final Function<String, String> envelope;

        Server(io.vertx.core.Vertx vertx, io.vertx.core.http.HttpServerOptions options, long timeoutMillis,
               Function<String, String> envelope) {
            super((io.vertx.core.impl.VertxInternal) vertx, options);
            this.timeoutMillis = timeoutMillis;
            this.envelope = envelope;
        }

        @Override
        protected java.util.function.BiConsumer<Channel, io.vertx.core.net.impl.SslChannelProvider> childHandler(
                io.vertx.core.impl.ContextInternal context, io.vertx.core.net.SocketAddress address,
                io.netty.handler.traffic.GlobalTrafficShapingHandler shaping) {
            var setUp = super.childHandler(context, address, shaping);
            return (channel, ssl) -> {
                setUp.accept(channel, ssl);
                if (timeoutMillis > 0) {
                    watch(channel, timeoutMillis, envelope);
                }
            };
        }
    }

    private void arm() {
        if (timer == null) {
            timer = channel.eventLoop().schedule(this::expired, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void expired() {
        timer = null;
        if (http1 && upgraded()) {
            return;
        }
        if (open > 0 || !channel.isActive()) {
            return;
        }
        if (!started) {
            channel.close();
            return;
        }
        String id = RequestIds.generate();
        byte[] body = envelope.apply(id).getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n" + RequestIds.HEADER + ": " + id
                + "\r\nconnection: close\r\ncontent-length: " + body.length + "\r\n\r\n";
        ByteBuf answer = Unpooled.wrappedBuffer(head.getBytes(StandardCharsets.US_ASCII), body);
        // written below the HTTP codec (no request is open, so nothing of a response is being encoded)
        channel.pipeline().context(BYTES).writeAndFlush(answer).addListener(ChannelFutureListener.CLOSE);
    }

    /** After an upgrade to HTTP/2 the codec is gone: the deadline steps aside. */
    private boolean upgraded() {
        if (channel.pipeline().get("httpDecoder") != null) {
            return false;
        }
        disarm();
        if (channel.pipeline().get(BYTES) != null) {
            channel.pipeline().remove(BYTES);
        }
        if (channel.pipeline().get(MESSAGES) != null) {
            channel.pipeline().remove(MESSAGES);
        }
        return true;
    }

    /** First on the pipeline: a byte arriving while no request is open starts the clock for the next head. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        HeadDeadline deadline() {
            return HeadDeadline.this;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (open == 0 && msg instanceof ByteBuf bytes && bytes.isReadable() && !(http1 && upgraded())) {
                started = true;
                arm();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            disarm();
            ctx.fireChannelInactive();
        }
    }

    /** After the codec: a decoded head stops the clock; a response's last part closes its request. */
    private final class Messages extends ChannelDuplexHandler {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest) {
                open++;
                disarm();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpResponse response) {
                interim = response.status().code() < 200;
            }
            if (msg instanceof LastHttpContent) {
                if (!interim && open > 0) {
                    open--;
                    started = false;
                }
                interim = false;
            }
            ctx.write(msg, promise);
        }
    }
}
