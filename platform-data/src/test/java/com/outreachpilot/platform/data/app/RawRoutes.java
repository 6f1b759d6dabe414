package com.outreachpilot.platform.data.app;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** A plain Vert.x route, outside JAX-RS, whose database connection is lost under it. */
@ApplicationScoped
public class RawRoutes {

    void routes(@Observes Router router) {
        router.get("/raw/dropped").handler(ctx -> ctx.fail(io.vertx.sqlclient.ClosedConnectionException.INSTANCE));
    }
}
