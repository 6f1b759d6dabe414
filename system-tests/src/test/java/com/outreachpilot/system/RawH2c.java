package com.outreachpilot.system;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersEncoder;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A cleartext HTTP/2 client (prior knowledge) that writes frames itself, so it can send what a careful library
 * never would: header values with CR/LF, names with a colon, bodies past a route's limit. It keeps HTTP/2's
 * flow control (it sends no more than the gateway's windows allow) and answers SETTINGS and PING.
 * HPACK is Netty's, with header validation off.
 */
final class RawH2c implements AutoCloseable {

    private static final int DATA = 0;
    private static final int HEADERS = 1;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int WINDOW_UPDATE = 8;
    private static final int CONTINUATION = 9;
    private static final int END_STREAM = 0x1;
    private static final int END_HEADERS = 0x4;

    /** What came back for one stream: its status (0 if none), body, and whether it was reset or the connection went away. */
    record Answer(int status, String body, boolean reset, boolean goAway) {
        boolean answered() {
            return status > 0 || reset || goAway;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final DefaultHttp2HeadersEncoder encoder = new DefaultHttp2HeadersEncoder(Http2HeadersEncoder.NEVER_SENSITIVE, true);
    private final DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
    private int nextStream = 1;
    private long connectionWindow = 65_535;
    private long initialStreamWindow = 65_535;
    private final Map<Integer, Long> streamWindows = new java.util.HashMap<>();
    private boolean goneAway;

    RawH2c(int port) throws IOException {
        socket = new Socket("localhost", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        frame(SETTINGS, 0, 0, new byte[0]);
        out.flush();
    }

    boolean goneAway() {
        return goneAway;
    }

    /** Sends one request (extra headers as given, unchecked) with an optional body, and reads its answer. */
    Answer exchange(String method, String path, Map<String, String> extra, byte[] body) throws IOException {
        int stream = open(method, path, extra, body == null);
        out.flush();
        streamWindows.put(stream, initialStreamWindow);
        Answer early = null;
        if (body != null) {
            int sent = 0;
            while (sent < body.length && early == null) {
                long window = Math.min(connectionWindow, streamWindows.getOrDefault(stream, 0L));
                if (window <= 0) {
                    early = readFrame(stream); // the answer may come before the body is done
                    continue;
                }
                int size = (int) Math.min(Math.min(16_384, window), body.length - sent);
                byte[] chunk = java.util.Arrays.copyOfRange(body, sent, sent + size);
                sent += size;
                frame(DATA, sent == body.length ? END_STREAM : 0, stream, chunk);
                out.flush();
                connectionWindow -= size;
                streamWindows.merge(stream, (long) -size, Long::sum);
            }
        }
        return early != null ? early : readAnswer(stream);
    }

    /** Opens a request and sends only {@code start} of its body (the stream stays open); returns the stream's id. */
    int startStalled(String method, String path, Map<String, String> extra, byte[] start) throws IOException {
        int stream = open(method, path, extra, false);
        frame(DATA, 0, stream, start);
        out.flush();
        connectionWindow -= start.length;
        streamWindows.put(stream, initialStreamWindow - start.length);
        return stream;
    }

    /** Opens a bodiless request and cancels it at once (RST_STREAM CANCEL in the same write), as a rapid-reset client does. */
    void openAndCancel(String method, String path, Map<String, String> extra) throws IOException {
        int stream = open(method, path, extra, true);
        frame(RST_STREAM, 0, stream, increment(0x8));
        out.flush();
    }

    /** Waits up to {@code wait} for the answer of a stream opened earlier (other streams' frames are passed over). */
    Answer answerOf(int stream, java.time.Duration wait) throws IOException {
        int before = socket.getSoTimeout();
        socket.setSoTimeout((int) wait.toMillis());
        try {
            return readAnswer(stream);
        } finally {
            socket.setSoTimeout(before);
        }
    }

    /** Opens the next stream with a request's header block (extra headers as given, unchecked); returns its id. */
    private int open(String method, String path, Map<String, String> extra, boolean endStream) throws IOException {
        int stream = nextStream;
        nextStream += 2;
        Http2Headers headers = new DefaultHttp2Headers(false)
                .method(method).path(path).scheme("http").authority("localhost");
        extra.forEach(headers::add);
        sendHeaders(stream, headers, endStream);
        return stream;
    }

    /** A header block as HEADERS and, past 16 KiB (the default largest frame), CONTINUATION frames. */
    private void sendHeaders(int stream, Http2Headers headers, boolean endStream) throws IOException {
        ByteBuf block = Unpooled.buffer();
        byte[] encoded;
        try {
            encoder.encodeHeaders(stream, headers, block);
            encoded = ByteBufUtil.getBytes(block);
        } catch (Exception e) {
            throw new IOException(e);
        } finally {
            block.release();
        }
        int max = 16_384;
        for (int from = 0; from == 0 || from < encoded.length; from += max) {
            byte[] part = java.util.Arrays.copyOfRange(encoded, from, Math.min(encoded.length, from + max));
            boolean last = from + max >= encoded.length;
            int flags = (last ? END_HEADERS : 0) | (from == 0 && endStream ? END_STREAM : 0);
            frame(from == 0 ? HEADERS : CONTINUATION, flags, stream, part);
        }
    }

    private Answer readAnswer(int stream) throws IOException {
        while (true) {
            Answer answer = readFrame(stream);
            if (answer != null) {
                return answer;
            }
        }
    }

    private int status;
    private final ByteArrayOutputStream headerBlock = new ByteArrayOutputStream();
    private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();

    /** Reads one frame; returns the stream's answer once it is complete (ended, reset, or gone away), else null. */
    private Answer readFrame(int stream) throws IOException {
        int length;
        int type;
        int flags;
        int id;
        try {
            length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8) | in.readUnsignedByte();
            type = in.readUnsignedByte();
            flags = in.readUnsignedByte();
            id = in.readInt() & 0x7fffffff;
        } catch (java.io.EOFException | SocketTimeoutException e) {
            goneAway = true;
            return new Answer(status, responseBody.toString(StandardCharsets.UTF_8), false, true);
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        switch (type) {
            case SETTINGS -> {
                if ((flags & 0x1) == 0) {
                    for (int i = 0; i + 6 <= payload.length; i += 6) {
                        int key = ((payload[i] & 0xff) << 8) | (payload[i + 1] & 0xff);
                        long value = ((payload[i + 2] & 0xffL) << 24) | ((payload[i + 3] & 0xffL) << 16)
                                | ((payload[i + 4] & 0xffL) << 8) | (payload[i + 5] & 0xffL);
                        if (key == 0x4) {
                            long delta = value - initialStreamWindow;
                            initialStreamWindow = value;
                            streamWindows.replaceAll((s, w) -> w + delta);
                        }
                    }
                    frame(SETTINGS, 0x1, 0, new byte[0]);
                    out.flush();
                }
            }
            case PING -> {
                if ((flags & 0x1) == 0) {
                    frame(PING, 0x1, 0, payload);
                    out.flush();
                }
            }
            case WINDOW_UPDATE -> {
                long increment = ((payload[0] & 0x7fL) << 24) | ((payload[1] & 0xffL) << 16)
                        | ((payload[2] & 0xffL) << 8) | (payload[3] & 0xffL);
                if (id == 0) {
                    connectionWindow += increment;
                } else {
                    streamWindows.merge(id, increment, Long::sum);
                }
            }
            case GOAWAY -> {
                goneAway = true;
                return new Answer(status, responseBody.toString(StandardCharsets.UTF_8), false, true);
            }
            case RST_STREAM -> {
                if (id == stream) {
                    Answer answer = new Answer(status, responseBody.toString(StandardCharsets.UTF_8), true, false);
                    reset();
                    return answer;
                }
            }
            case HEADERS, CONTINUATION -> {
                // every stream's header block is decoded, the streams this client gave up on too: HPACK's dynamic
                // table is the connection's, and a block left undecoded puts it out of step with the server's
                {
                    int offset = 0;
                    int end = payload.length;
                    if (type == HEADERS && (flags & 0x8) != 0) { // padded
                        end -= payload[0] & 0xff;
                        offset = 1;
                    }
                    if (type == HEADERS && (flags & 0x20) != 0) { // priority
                        offset += 5;
                    }
                    headerBlock.write(payload, offset, end - offset);
                    if ((flags & END_HEADERS) != 0) {
                        ByteBuf buf = Unpooled.wrappedBuffer(headerBlock.toByteArray());
                        try {
                            Http2Headers decoded = decoder.decodeHeaders(id, buf);
                            if (id == stream && decoded.status() != null) {
                                status = Integer.parseInt(decoded.status().toString());
                            }
                        } catch (Exception e) {
                            throw new IOException(e);
                        } finally {
                            buf.release();
                            headerBlock.reset();
                        }
                    }
                    if (id == stream && (flags & END_STREAM) != 0) {
                        return finish();
                    }
                }
            }
            case DATA -> {
                if (payload.length > 0) {
                    // give the window back at once: the answers here are small
                    frame(WINDOW_UPDATE, 0, 0, increment(payload.length));
                    frame(WINDOW_UPDATE, 0, id, increment(payload.length));
                    out.flush();
                }
                if (id == stream) {
                    responseBody.write(payload);
                    if ((flags & END_STREAM) != 0) {
                        return finish();
                    }
                }
            }
            default -> {
                // PRIORITY, PUSH_PROMISE (never sent to us), unknown types: ignored
            }
        }
        return null;
    }

    private Answer finish() {
        Answer answer = new Answer(status, responseBody.toString(StandardCharsets.UTF_8), false, false);
        reset();
        return answer;
    }

    private void reset() {
        status = 0;
        responseBody.reset();
        headerBlock.reset();
    }

    private static byte[] increment(int n) {
        return new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
        byte[] header = {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8), (byte) payload.length,
                (byte) type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16), (byte) (stream >>> 8),
                (byte) stream};
        out.write(header);
        out.write(payload);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
