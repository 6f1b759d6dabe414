package com.outreachpilot.chat.api;

import com.outreachpilot.platform.api.Deleted;
import com.outreachpilot.chat.api.ChatViews.MessageView;
import com.outreachpilot.chat.api.ChatViews.ReplyView;
import com.outreachpilot.chat.api.ChatViews.ThreadDetail;
import com.outreachpilot.chat.api.ChatViews.ThreadView;
import com.outreachpilot.chat.domain.ChatService;
import com.outreachpilot.chat.domain.Conversations;
import com.outreachpilot.platform.auth.RequiresScope;
import com.outreachpilot.platform.auth.Scopes;
import com.outreachpilot.platform.api.ApiResponse;
import com.outreachpilot.platform.api.Ids;
import com.outreachpilot.platform.auth.Caller;
import com.outreachpilot.platform.data.idempotency.Idempotent;
import com.outreachpilot.platform.paging.PageParams;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.extensions.Extension;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.UUID;

/** PilotPlus AI (scope {@code chat}): a message as the API reference shows it, and the threads it builds. */
@RequiresScope(Scopes.CHAT)
@Path("/api/v1/chat")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "AI Chat")
public class ChatResource {

    @Inject
    Caller caller;

    @Inject
    ChatService chat;

    @Inject
    Conversations conversations;

    @POST
    @Idempotent
    @Operation(operationId = "sendChatMessage", summary = "Send a message to PilotPlus AI",
            description = "The agent may use tools on the organization's CRM (search, create and update contacts and"
                    + " companies, research a company, list campaigns and their status, trigger a campaign, draft an"
                    + " email) before it answers. Costs the model's credits (default model 1, premium 2), charged"
                    + " only when an answer is returned: meta.credits_used and meta.credits_remaining. Give thread_id"
                    + " to continue a conversation. 402 without credits; 503 AI_UNAVAILABLE when no model is"
                    + " configured or it fails; 504 AI_TIMEOUT when it is too slow.")
    @Extension(name = "x-credit-cost", value = "1 (default model) or 2 (premium), charged only when an answer is returned")
    public Uni<ApiResponse<ReplyView>> send(
            @RequestBody(required = true, content = @Content(schema = @Schema(implementation = ChatInput.class),
                    examples = @ExampleObject(name = "message", summary = "The API reference's example", value = "{\"message\":\"Find me 10 VP-level fintech contacts in NYC\"}")))
            @Valid @NotNull(message = "must be an object {message, thread_id?, model?}") ChatInput body) {
        String message = body.text();
        UUID thread = body.thread();
        return chat.send(caller.orgId(), caller.rawToken(), caller.scopes(), message, thread, body.model())
                .map(reply -> ApiResponse.ok(ReplyView.of(reply))
                        .withMeta("credits_used", reply.creditsUsed())
                        .withMeta("credits_remaining", reply.creditsRemaining()));
    }

    @GET
    @Path("/threads")
    @Operation(operationId = "listChatThreads", summary = "List the organization's chat threads, most recently active first")
    public Uni<ApiResponse<List<ThreadView>>> threads(@BeanParam PageParams paging) {
        var page = paging.toRequest();
        return conversations.list(caller.orgId(), page).map(found -> ApiResponse.page(found.map(ThreadView::of)));
    }

    @GET
    @Path("/threads/{id}")
    @Operation(operationId = "getChatThread", summary = "A thread with its messages in order (paged): roles, tool calls, models, usage and times")
    public Uni<ApiResponse<ThreadDetail>> thread(@PathParam("id") String id, @BeanParam PageParams paging) {
        var page = paging.toRequest();
        return conversations.get(caller.orgId(), threadId(id), page)
                .map(found -> ApiResponse.page(found.messages(), new ThreadDetail(ThreadView.of(found.thread()),
                        found.messages().items().stream().map(MessageView::of).toList())));
    }

    @DELETE
    @Path("/threads/{id}")
    @Operation(operationId = "deleteChatThread", summary = "Delete a thread and its messages")
    public Uni<ApiResponse<Deleted>> delete(@PathParam("id") String id) {
        return conversations.delete(caller.orgId(), threadId(id))
                .map(deleted -> ApiResponse.ok(Deleted.of(deleted)));
    }

    private static UUID threadId(String id) {
        return Ids.uuidOrNotFound(id, "Thread");
    }
}
