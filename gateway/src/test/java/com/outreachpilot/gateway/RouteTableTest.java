package com.outreachpilot.gateway;

import com.outreachpilot.gateway.domain.Route;
import com.outreachpilot.gateway.domain.RouteTable;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The routing table, one place for every public path. */
class RouteTableTest {

    @Test
    void everyReferenceRouteHasItsServiceAndScope() {
        assertRoute("/api/v1/contacts", "contacts", "contacts");
        assertRoute("/api/v1/contacts/123", "contacts", "contacts");
        assertRoute("/api/v1/companies", "contacts", "contacts");
        assertRoute("/api/v1/folders/1", "contacts", "contacts");
        assertRoute("/api/v1/campaigns/1/trigger", "campaigns", "campaigns");
        assertRoute("/api/v1/campaigns/1/status", "campaigns", "campaigns");
        assertRoute("/api/v1/webhooks", "webhooks", "campaigns");
        assertRoute("/api/v1/events", "webhooks", "campaigns");
        assertRoute("/api/v1/events/evt_1", "webhooks", "campaigns");
        assertRoute("/api/v1/chat", "chat", "chat");
        assertRoute("/api/v1/credits", "billing", "credits");
        assertRoute("/api/v1/credits/ledger", "billing", "credits");
        assertEquals(Route.Access.ADMIN, RouteTable.match("/admin/v1/orgs").access());
        assertEquals("billing", RouteTable.match("/admin/v1/orgs").service());
        // each data service's dead letters are asked of that service, billing's under its own admin API
        for (String service : new String[] {"contacts", "campaigns", "chat", "webhooks", "billing"}) {
            Route route = RouteTable.match("/admin/v1/dead-letters/" + service);
            assertEquals(service, route.service());
            assertEquals(Route.Access.ADMIN, route.access());
        }
        assertEquals("billing", RouteTable.match("/admin/v1/dead-letters/contactsx").service());
        // MCP: any key of the organization; the tools check their scopes
        assertRoute("/mcp", "chat", null);
        assertEquals(Route.Access.API_KEY, RouteTable.match("/mcp").access());
        assertEquals(Route.Limits.LONG_RUNNING, RouteTable.match("/mcp").limits());
        assertNull(RouteTable.match("/mcpx"));
        assertNull(RouteTable.match("/api/v1/contactsx"));
        assertNull(RouteTable.match("/api/v2/contacts"));
    }

    private static void assertRoute(String path, String service, String scope) {
        Route route = RouteTable.match(path);
        assertEquals(service, route.service(), path);
        assertEquals(scope, route.scope(), path);
    }
}
