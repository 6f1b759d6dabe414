package com.outreachpilot.platform.auth;

import com.outreachpilot.platform.error.ApiException;
import com.outreachpilot.platform.error.ErrorCode;
import com.outreachpilot.platform.web.RequestIds;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.List;

/**
 * Who is calling, as vouched for by the gateway's verified token: read it, never the body or the query, to
 * decide which organization's data a request may touch.
 */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken jwt;

    public boolean isAuthenticated() {
        return jwt != null && jwt.getRawToken() != null;
    }

    public boolean isAdmin() {
        return isAuthenticated() && Roles.ADMIN.equals(jwt.getClaim(InternalTokens.CLAIM_ROLE));
    }

    /** The caller's organization; every query of organization data is scoped by it. */
    public OrgId orgId() {
        String org = isAuthenticated() ? jwt.getClaim(InternalTokens.CLAIM_ORG) : null;
        if (org == null) {
            throw new ApiException(ErrorCode.FORBIDDEN, "This endpoint acts on an organization's data",
                    "The request carries no organization");
        }
        return OrgId.of(org);
    }

    /** The API key behind the request (the token's subject), or null for operators. */
    public String keyId() {
        return isAuthenticated() && !isAdmin() ? jwt.getSubject() : null;
    }

    public List<String> scopes() {
        return isAuthenticated() ? InternalTokens.scopes(jwt) : new ArrayList<>();
    }

    public String plan() {
        return isAuthenticated() ? jwt.getClaim(InternalTokens.CLAIM_PLAN) : null;
    }

    public String requestId() {
        return RequestIds.current();
    }

    /** The verified token as received, to forward to another service within this request. */
    public String rawToken() {
        return isAuthenticated() ? jwt.getRawToken() : null;
    }
}
