package com.outreachpilot.gateway.domain;

import com.outreachpilot.gateway.domain.Route.Access;
import com.outreachpilot.gateway.domain.Route.Limits;
import com.outreachpilot.platform.auth.Scopes;

import java.util.List;
import java.util.Set;

/**
 * The one routing table of the public API: path prefix → owning service, access rule and scope.
 * Service names map to base URLs in configuration ({@code gateway.services.*}).
 */
public final class RouteTable {

    public static final String BILLING = "billing";
    public static final String CONTACTS = "contacts";
    public static final String CAMPAIGNS = "campaigns";
    public static final String CHAT = "chat";
    public static final String WEBHOOKS = "webhooks";

    /** Token audience (the service's application name) per service name. */
    public static String audience(String service) {
        return switch (service) {
            case WEBHOOKS -> "webhook-dispatcher";
            default -> service + "-service";
        };
    }

    private static final List<Route> ROUTES = List.of(
            api("/api/v1/contacts", CONTACTS, Scopes.CONTACTS, Limits.BULK),
            api("/api/v1/companies", CONTACTS, Scopes.CONTACTS, Limits.BULK),
            api("/api/v1/folders", CONTACTS, Scopes.CONTACTS, Limits.STANDARD),
            // a trigger may find or create its contact: the campaigns token is good for contacts-service too
            new Route("/api/v1/campaigns", CAMPAIGNS, Access.API_KEY, Scopes.CAMPAIGNS,
                    Set.of(audience(CAMPAIGNS), audience(CONTACTS)), Limits.STANDARD),
            api("/api/v1/webhooks", WEBHOOKS, Scopes.CAMPAIGNS, Limits.STANDARD),
            // the events feed is kept by the service that delivers webhooks, with their scope
            api("/api/v1/events", WEBHOOKS, Scopes.CAMPAIGNS, Limits.STANDARD),
            // the chat agent acts on the caller's CRM and spends credits: its token is good for those services too
            new Route("/api/v1/chat", CHAT, Access.API_KEY, Scopes.CHAT,
                    Set.of(audience(CHAT), audience(CONTACTS), audience(CAMPAIGNS), audience(BILLING)),
                    Limits.LONG_RUNNING),
            api("/api/v1/credits", BILLING, Scopes.CREDITS, Limits.STANDARD),
            // MCP clients (Streamable HTTP): any key of the organization; each tool needs its own scope, which the
            // tools check (a key sees only the tools its scopes allow); the tools call every data service
            new Route("/mcp", CHAT, Access.API_KEY, null,
                    Set.of(audience(CHAT), audience(CONTACTS), audience(CAMPAIGNS), audience(BILLING), audience(WEBHOOKS)),
                    Limits.LONG_RUNNING),
            // each data service shows operators the events its outbox relay moved aside
            admin("/admin/v1/dead-letters/" + CONTACTS, CONTACTS),
            admin("/admin/v1/dead-letters/" + CAMPAIGNS, CAMPAIGNS),
            admin("/admin/v1/dead-letters/" + CHAT, CHAT),
            admin("/admin/v1/dead-letters/" + WEBHOOKS, WEBHOOKS),
            admin("/admin/v1", BILLING),
            new Route("/t", CAMPAIGNS, Access.PUBLIC, null, Set.of(), Limits.STANDARD));

    private RouteTable() {
    }

    private static Route api(String prefix, String service, String scope, Limits limits) {
        return new Route(prefix, service, Access.API_KEY, scope, Set.of(audience(service)), limits);
    }

    private static Route admin(String prefix, String service) {
        return new Route(prefix, service, Access.ADMIN, null, Set.of(audience(service)), Limits.STANDARD);
    }

    /** The route serving {@code path}, or null. */
    public static Route match(String path) {
        for (Route route : ROUTES) {
            if (route.matches(path)) {
                return route;
            }
        }
        return null;
    }

    public static List<Route> all() {
        return ROUTES;
    }
}
