package com.outreachpilot.platform.error;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

/**
 * Recognizes a failure that means something this service depends on is down for now (its database restarting, a
 * broker gone): the client gets {@code 503 SERVICE_UNAVAILABLE} with {@code Retry-After}, not a 500, and the
 * service recovers by itself when the dependency is back. Modules that own a dependency register a bean of this
 * type for the failures their client library reports; the JDK's connection failures are recognized here.
 */
public interface TransientFailures {

    /** Whether {@code failure} itself (not its causes: they are walked for you) means "unavailable for now". */
    boolean isTransient(Throwable failure);

    /**
     * The JDK's own connection failures (refused, unreachable, reset by the peer, or a channel closed under a
     * request) and the native transport's report of the same ({@code Connection reset by peer} from epoll).
     */
    static boolean isConnectionFailure(Throwable failure) {
        return failure instanceof SocketException || failure instanceof ClosedChannelException
                || failure.getClass().getName().equals("io.netty.channel.unix.Errors$NativeIoException");
    }
}
