package com.outreachpilot.platform.data.app;

import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.outreachpilot.platform.auth.Caller;
import jakarta.annotation.security.PermitAll;
import com.outreachpilot.platform.data.idempotency.Idempotent;
import com.outreachpilot.platform.data.outbox.Outbox;
import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.events.DomainEvent;
import com.outreachpilot.platform.events.EventType;
import com.outreachpilot.platform.paging.Page;
import com.outreachpilot.platform.paging.PageParams;
import com.outreachpilot.platform.paging.PageRequest;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/widgets")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WidgetResource {

    public record WidgetInput(@NotBlank @Size(max = 100) String name, @Email String ownerEmail,
                              @Min(0) @Max(10) Integer count, List<@Valid Part> parts) {
    }

    public record Part(@NotBlank String label) {
    }

    public record WidgetView(String id, String name, Instant createdAt) {
        static WidgetView of(Widget w) {
            return new WidgetView(w.id.toString(), w.name, w.createdAt);
        }
    }

    @Inject
    Caller caller;

    @Inject
    Outbox outbox;

    @POST
    @Idempotent
    public Uni<RestResponse<ApiResponse<WidgetView>>> create(@Valid @NotNull WidgetInput input) {
        String org = caller.orgId().toString();
        Uni<WidgetView> created = Panache.withTransaction(() -> {
            Widget widget = new Widget();
            widget.id = UUID.randomUUID();
            widget.orgId = org;
            widget.name = input.name();
            widget.createdAt = Instant.now();
            WidgetView view = WidgetView.of(widget);
            return widget.persist()
                    .chain(() -> outbox.append(DomainEvent.of(EventType.FOLDER_CREATED, org, view.id(), view)))
                    .chain(() -> input.name().startsWith("explode")
                            ? Uni.createFrom().failure(new IllegalStateException("boom after write"))
                            : Uni.createFrom().item(view));
        });
        if (input.name().startsWith("slow")) {
            created = created.onItem().delayIt().by(Duration.ofMillis(1500));
        }
        if (input.name().startsWith("refuse")) {
            created = created.chain(v -> Uni.createFrom().failure(ApiException.duplicate("Widget exists", v.name())));
        }
        return created.map(view -> RestResponse.status(RestResponse.Status.CREATED, ApiResponse.ok(view)));
    }

    /** A new secret, shown once: what key creation and webhook secret rotation answer. */
    public record Issued(String id, String token) {
    }

    @POST
    @Path("/tokens")
    @Idempotent(secrets = "token")
    public Uni<ApiResponse<Issued>> issue() {
        return Uni.createFrom().item(ApiResponse.ok(new Issued(UUID.randomUUID().toString(),
                "tok_" + UUID.randomUUID().toString().replace("-", ""))));
    }

    /** Appends one event per name in one transaction, without storing widgets: the outbox's bulk path. */
    @POST
    @Path("/events")
    public Uni<ApiResponse<Integer>> appendEvents(List<String> names) {
        String org = caller.orgId().toString();
        return Panache.withTransaction(() -> outbox.append(names.stream()
                        .map(name -> {
                            WidgetView view = new WidgetView(UUID.randomUUID().toString(), name, Instant.now());
                            return DomainEvent.of(EventType.FOLDER_CREATED, org, view.id(), view);
                        }).toList()))
                .replaceWith(ApiResponse.ok(names.size()));
    }

    @GET
    public Uni<ApiResponse<List<WidgetView>>> list(@BeanParam PageParams paging) {
        PageRequest request = paging.toRequest();
        String org = caller.orgId().toString();
        return Panache.withSession(() -> Widget.<Widget>find("orgId = ?1 order by createdAt, id", org)
                        .range(request.offset(), request.offset() + request.limit() - 1).list()
                        .chain(items -> Widget.count("orgId", org)
                                .map(total -> new Page<>(items, total, request))))
                .map(page -> ApiResponse.page(page.map(WidgetView::of)));
    }

    @GET
    @Path("/{id}")
    public Uni<ApiResponse<WidgetView>> get(@PathParam("id") String id) {
        String org = caller.orgId().toString();
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(ApiException.notFound("Widget"));
        }
        return Panache.withSession(() -> Widget.<Widget>find("id = ?1 and orgId = ?2", uuid, org).firstResult())
                .onItem().ifNull().failWith(() -> ApiException.notFound("Widget"))
                .map(w -> ApiResponse.ok(WidgetView.of(w)));
    }

    @GET
    @Path("/boom")
    public Uni<ApiResponse<String>> boom() {
        return Uni.createFrom().failure(new IllegalStateException("secret internals at com.example.Foo"));
    }

    /** Fails the way a database restart surfaces: a command queued on a connection the server just closed. */
    @GET
    @Path("/dropped")
    public Uni<ApiResponse<String>> dropped(@jakarta.ws.rs.QueryParam("how") String how) {
        Throwable closed = new io.vertx.core.impl.NoStackTraceThrowable(
                "Connection is not active now, current status: CLOSED");
        Throwable failure = switch (how == null ? "" : how) {
            case "wrapped" -> new org.hibernate.HibernateException(closed);
            case "suppressed" -> {
                IllegalStateException rollback = new IllegalStateException("Transaction rolled back");
                rollback.addSuppressed(io.vertx.sqlclient.ClosedConnectionException.INSTANCE);
                yield rollback;
            }
            // what a transaction whose rollback failed too reports: the operation's failure, then the rollback's
            case "composite" -> new io.smallrye.mutiny.CompositeException(new org.hibernate.HibernateException(
                    new io.vertx.core.impl.NoStackTraceThrowable("Transaction already completed")), closed);
            case "reset" -> new RuntimeException(new java.net.SocketException("Connection reset"));
            case "other" -> new io.vertx.core.impl.NoStackTraceThrowable("Something else");
            default -> closed;
        };
        return Uni.createFrom().failure(failure);
    }

    @GET
    @Path("/public/ping")
    @PermitAll
    public ApiResponse<String> ping() {
        return ApiResponse.ok("pong");
    }

    @GET
    @Path("/admin/ping")
    @RolesAllowed(Roles.ADMIN)
    public ApiResponse<String> adminPing() {
        return ApiResponse.ok("admin pong");
    }
}
