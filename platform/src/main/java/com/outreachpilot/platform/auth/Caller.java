package com.outreachpilot.platform.auth;

import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.web.RequestIds;
import jakarta.enterprise.context.RequestScoped;

import java.util.List;

/**
 * Who is calling, as vouched for by the gateway's token: read it, never the body or the query, to decide
 * which organization's data a request may touch.
 */
@RequestScoped
public class Caller {

    private InternalToken token;

    void authenticate(InternalToken token) {
        this.token = token;
    }

    public boolean isAuthenticated() {
        return token != null;
    }

    public boolean isAdmin() {
        return token != null && token.role() == InternalToken.Role.ADMIN;
    }

    /** The caller's organization; every query of organization data is scoped by it. */
    public OrgId orgId() {
        if (token == null || token.orgId() == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, "This endpoint acts on an organization's data",
                    "The request carries no organization");
        }
        return OrgId.of(token.orgId());
    }

    public String keyId() {
        return token == null ? null : token.keyId();
    }

    public List<String> scopes() {
        return token == null ? List.of() : token.scopes();
    }

    public String plan() {
        return token == null ? null : token.plan();
    }

    public String requestId() {
        return RequestIds.current();
    }

    public InternalToken token() {
        return token;
    }
}
