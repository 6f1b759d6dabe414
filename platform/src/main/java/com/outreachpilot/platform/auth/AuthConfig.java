package com.outreachpilot.platform.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How a service verifies the gateway's internal tokens. */
@ConfigMapping(prefix = "platform.auth")
public interface AuthConfig {

    /** The gateway's RS256 public key, PEM inline or a file path. Without it every request is refused. */
    Optional<String> publicKey();

    /** This service's name as it appears in the token's audience. */
    String audience();

    @WithDefault("5")
    int clockSkewSeconds();

    /** How long a verified token is remembered (never past its expiry). */
    @WithDefault("60s")
    Duration cacheTtl();
}
