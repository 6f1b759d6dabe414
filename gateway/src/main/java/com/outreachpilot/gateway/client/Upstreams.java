package com.outreachpilot.gateway.client;

import com.outreachpilot.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * The HTTP client to the services and their addresses. One keep-alive pool, sized well above the default
 * (5 connections per host, which stalls a proxy under load).
 */
@ApplicationScoped
public class Upstreams {

    @Inject
    Vertx vertx;

    @Inject
    GatewayConfig config;

    private HttpClient client;
    private final Map<String, SocketAddress> addresses = new HashMap<>();

    void start(@Observes StartupEvent event) {
        client = vertx.createHttpClient(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setConnectTimeout(2_000)
                        .setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(config.upstreamPoolSize())
                        // a bounded queue for a connection; past it a request fails at once (503)
                        .setMaxWaitQueueSize(config.upstreamPoolSize() * 32));
        config.services().forEach((name, url) -> {
            URI uri = URI.create(url);
            int port = uri.getPort() > 0 ? uri.getPort() : ("https".equals(uri.getScheme()) ? 443 : 80);
            addresses.put(name, SocketAddress.inetSocketAddress(port, uri.getHost()));
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (client != null) {
            client.close();
        }
    }

    public HttpClient client() {
        return client;
    }

    public SocketAddress address(String service) {
        SocketAddress address = addresses.get(service);
        if (address == null) {
            throw new IllegalStateException("No URL configured for service " + service + " (gateway.services." + service + ")");
        }
        return address;
    }
}
