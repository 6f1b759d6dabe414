package com.outreachpilot.chat.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.outreachpilot.chat.domain.CrmTools;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.auth.Scopes;
import com.outreachpilot.platform.error.ErrorCode;
import io.quarkiverse.mcp.server.FilterContext;
import io.quarkiverse.mcp.server.JsonRpcErrorCodes;
import io.quarkiverse.mcp.server.McpException;
import io.quarkiverse.mcp.server.McpMethod;
import io.quarkiverse.mcp.server.TextContent;
import io.quarkiverse.mcp.server.ToolFilter;
import io.quarkiverse.mcp.server.ToolManager;
import io.quarkiverse.mcp.server.ToolResponse;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The CRM tools for MCP clients (Streamable HTTP at {@code /mcp}, through the gateway with an API key): the same
 * tools the chat agent uses, acting through the services' APIs with the caller's token, so each call sees and
 * changes exactly what the key could through the REST API. A key is shown only the tools its scopes allow; a call
 * to another is a JSON-RPC error whose message starts with {@code SCOPE_DENIED}. A session holds nothing of an
 * organization: every call acts with the key it arrives with.
 */
@ApplicationScoped
public class McpTools {

    @Inject
    ToolManager tools;

    @Inject
    CrmTools crm;

    @Inject
    ObjectMapper mapper;

    void register(@Observes StartupEvent event) {
        for (CrmTools.Offered tool : CrmTools.offered()) {
            tools.newTool(tool.name())
                    .setDescription(tool.description() + " Needs the API key's " + tool.scope() + " scope.")
                    .setInputSchema(tool.inputSchema())
                    .setAsyncHandler(arguments -> call(tool, arguments.args()))
                    .register();
        }
    }

    Uni<ToolResponse> call(CrmTools.Offered tool, java.util.Map<String, Object> arguments) {
        Caller caller = caller();
        List<String> scopes = caller.scopes();
        if (!Scopes.grants(scopes, tool.scope())) {
            throw new McpException(ErrorCode.SCOPE_DENIED.name() + ": the API key lacks the " + tool.scope()
                    + " scope that " + tool.name() + " needs", JsonRpcErrorCodes.SECURITY_ERROR);
        }
        String json;
        try {
            json = mapper.writeValueAsString(arguments == null ? java.util.Map.of() : arguments);
        } catch (JsonProcessingException e) {
            throw new McpException("The arguments are not a JSON object", JsonRpcErrorCodes.INVALID_PARAMS);
        }
        return crm.run(tool.name(), json, caller.rawToken(), scopes, null).map(outcome -> new ToolResponse(
                !outcome.ok(), List.of(new TextContent(outcome.ok() ? outcome.result().toString() : outcome.summary())),
                outcome.result(), null));
    }

    /** The caller of the MCP request being handled (its verified internal token). */
    static Caller caller() {
        return Arc.container().instance(Caller.class).get();
    }

    /** {@code tools/list} shows a key only the tools its scopes allow. */
    @Singleton
    public static class ByScope implements ToolFilter {

        @Override
        public boolean test(ToolManager.ToolInfo tool, FilterContext context) {
            if (context.method() != McpMethod.TOOLS_LIST) {
                return true; // a call is checked by the tool, which answers SCOPE_DENIED rather than "no such tool"
            }
            String scope = CrmTools.scopeOf(tool.name());
            return scope != null && Scopes.grants(caller().scopes(), scope);
        }
    }
}
