package com.polaris.operator.batch;

import com.polaris.operator.action.ActionView;
import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.IdempotencyKeyHeader;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Action batches: many items of one tool behind one approval, then one action per item. */
@RestController
@RequestMapping("/api/v1/action-batches")
@Tag(name = "Action batches", description = "Many items of one tool behind one approval, fanned out into actions.")
@RequiredArgsConstructor
class BatchController {

    private static final String BATCH_EXAMPLE = """
            {"id": "bat_01jdqd5e6f7g8h9j0k1m2n3p4q", "tool": "send_notification", "status": "running", "count": 3,
             "counts": {"completed": 2, "queued": 1},
             "approval": {"id": "apr_01jdqd5e6f7g8h9j0k1m2n3p4r", "status": "approved"},
             "reason": "Tell the spring campaign's leads about the new opening hours",
             "requestedBy": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"},
             "createdAt": "2026-12-03T09:00:00Z", "updatedAt": "2026-12-03T09:05:00Z", "endedAt": null}""";

    private final BatchService batches;

    @PostMapping
    @Operation(summary = "Send a batch of items of one tool (integration keys, members)", description = """
                    {"tool", "items": [{"arguments", "conversation"}], "reason"}: 1 to 10,000 items (the body \
                    may be up to 10 MiB on this endpoint), each checked against the tool's input schema as a \
                    single proposal is; any invalid item is 422 naming items[i].arguments.<field>, and nothing \
                    is stored. The items count against the monthly usage limit when the batch is created: a \
                    batch that does not fit is 429, nothing stored. One approval covers the whole batch when \
                    the tool's policy asks for a person for any item, or when the batch has more items than \
                    the policy's bulkApprovalAbove (default 1): the batch waits in pending_approval, and \
                    reviewers see the count, a sample and can download every item. Once approved (at once \
                    when no approval is needed) the batch is running and fans out into one action per item \
                    (each with "batchId"), run by the tool's execution rules from the queue; it ends \
                    completed when every action completed, completed_with_errors when some did not, or \
                    rejected, expired or cancelled. Idempotency-Key as for actions: the same key with the \
                    same body answers 200 with the first batch, with another body 422.""")
    @ApiResponse(responseCode = "201", description = "The new batch.")
    @ApiResponse(
            responseCode = "200",
            description = "A replay of the same Idempotency-Key with the same body: the batch it made.")
    @ProblemAnswers({
        ProblemType.BAD_IDEMPOTENCY_KEY,
        ProblemType.UNKNOWN_TOOL,
        ProblemType.TOOL_DISABLED,
        ProblemType.TOOL_DRAFT,
        ProblemType.IDEMPOTENCY_KEY_IN_FLIGHT,
        ProblemType.IDEMPOTENCY_KEY_REUSED,
        ProblemType.BODY_TOO_LARGE,
        ProblemType.USAGE_LIMIT_REACHED
    })
    @ApiExamples(request = """
            {"tool": "send_notification",
             "items": [{"arguments": {"message": "We open at 8 from Monday"}, "conversation": {"id": "conv_81"}},
                       {"arguments": {"message": "We open at 8 from Monday"}, "conversation": {"id": "conv_82"}},
                       {"arguments": {"message": "We open at 8 from Monday"}, "conversation": {"id": "conv_83"}}],
             "reason": "Tell the spring campaign's leads about the new opening hours"}""", response = """
            {"id": "bat_01jdqd5e6f7g8h9j0k1m2n3p4q", "tool": "send_notification", "status": "pending_approval",
             "count": 3, "counts": {}, "approval": {"id": "apr_01jdqd5e6f7g8h9j0k1m2n3p4r", "status": "pending"},
             "reason": "Tell the spring campaign's leads about the new opening hours",
             "requestedBy": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"},
             "createdAt": "2026-12-03T09:00:00Z", "updatedAt": "2026-12-03T09:00:00Z", "endedAt": null}""")
    ResponseEntity<BatchView> create(
            @AuthenticationPrincipal Caller caller,
            @RequestBody JsonNode body,
            @RequestHeader(value = IdempotencyKeyHeader.NAME, required = false)
                    @Parameter(description = IdempotencyKeyHeader.ABOUT + " batch" + IdempotencyKeyHeader.REPLAYED)
                    @Nullable
                    String idempotencyKey) {
        var created = batches.create(caller, body, idempotencyKey);
        return IdempotencyKeyHeader.answer(created.created(), created.batch());
    }

    @GetMapping
    @Operation(summary = "The workspace's batches", description = """
                    {"items": [batch], "nextCursor"}, newest first, optionally only those in one status \
                    (pending_approval, running, completed, completed_with_errors, rejected, expired, \
                    cancelled).""")
    @ProblemAnswers({ProblemType.BAD_PARAMETER, ProblemType.BAD_CURSOR})
    @ApiExamples(response = "{\"items\": [" + BATCH_EXAMPLE + "], \"nextCursor\": null}")
    Page<BatchView> list(
            @AuthenticationPrincipal Caller caller,
            @RequestParam(required = false) @Parameter(description = "A batch status") @Nullable String status,
            PageRequest page) {
        return batches.list(caller, status, page);
    }

    @GetMapping("/{id}")
    @Operation(summary = "A batch and its progress", description = """
                    The batch with counts of its items' actions by action status (empty until it fans out), \
                    its approval ({"id", "status"}, null when none was needed) and its status. Another \
                    workspace's batch is 404.""")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = BATCH_EXAMPLE)
    BatchView get(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return batches.view(caller, id);
    }

    @GetMapping("/{id}/items")
    @Operation(summary = "A batch's actions", description = """
                    A page of the actions the batch fanned out into, newest first, each as GET \
                    /api/v1/actions/{id} shows it (without timeline) with its "batchId"; the same paging as \
                    every list (cursor, limit up to 200).""")
    @ProblemAnswers({ProblemType.NOT_FOUND, ProblemType.BAD_CURSOR})
    @ApiExamples(response = """
            {"items": [{"id": "act_01jdqd6a7b8c9d0e1f2g3h4j5k", "tool": "send_notification", "status": "completed",
              "batchId": "bat_01jdqd5e6f7g8h9j0k1m2n3p4q",
              "arguments": {"message": "We open at 8 from Monday"}, "conversation": {"id": "conv_81"},
              "reason": "Tell the spring campaign's leads about the new opening hours", "test": false,
              "requestedBy": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"},
              "decision": {"approval": "required", "execution": "background", "notBefore": null,
                           "reasons": ["Approved with batch bat_01jdqd5e6f7g8h9j0k1m2n3p4q (approval apr_01jdqd5e6f7g8h9j0k1m2n3p4r)"]},
              "approval": {"id": "apr_01jdqd5e6f7g8h9j0k1m2n3p4r", "status": "approved"},
              "result": {"notificationId": "ntf_01jdqd6b7c8d9e0f1g2h3j4k5m"}, "error": null, "attempts": 1,
              "createdAt": "2026-12-03T09:05:00Z", "updatedAt": "2026-12-03T09:05:01Z"}],
             "nextCursor": null}""")
    Page<ActionView> items(@AuthenticationPrincipal Caller caller, @PathVariable String id, PageRequest page) {
        return batches.items(caller, id, page);
    }

    /** The items as submitted, for download. */
    record SubmittedItem(
            int index, JsonNode arguments, @Nullable JsonNode conversation) {}

    record SubmittedItems(String batchId, String tool, int count, List<SubmittedItem> items) {}

    @GetMapping(value = "/{id}/submitted-items", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Download a batch's items as submitted", description = """
                    Every item as the request sent it, in order: {"batchId", "tool", "count", "items": \
                    [{"index", "arguments", "conversation"}]}, as an attachment. Reviewers read it before \
                    they decide the batch's approval; it is written a chunk at a time, so even 10,000 items \
                    need little memory.""")
    @ApiResponse(
            responseCode = "200",
            description = "The items as a JSON attachment.",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = SubmittedItems.class)))
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = """
            {"batchId": "bat_01jdqd5e6f7g8h9j0k1m2n3p4q", "tool": "send_notification", "count": 1,
             "items": [{"index": 0, "arguments": {"message": "We open at 8 from Monday"},
                        "conversation": {"id": "conv_81"}}]}""")
    void submitted(@AuthenticationPrincipal Caller caller, @PathVariable String id, HttpServletResponse response)
            throws IOException {
        BatchView batch = batches.view(caller, id);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + "-items.json\"");
        batches.writeSubmitted(caller, batch, response.getOutputStream());
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel a batch", description = """
                    Ends the batch as cancelled: a pending approval is withdrawn; a running batch stops \
                    fanning out and every item's action that has not started (waiting for business hours or \
                    in the queue) is cancelled, while actions already running finish. Members who may \
                    operate actions, or the integration key that sent the batch, may cancel it; a batch that \
                    has ended is 409.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.INVALID_TRANSITION})
    @ApiExamples(response = """
            {"id": "bat_01jdqd5e6f7g8h9j0k1m2n3p4q", "tool": "send_notification", "status": "cancelled", "count": 3,
             "counts": {"completed": 1, "cancelled": 2},
             "approval": {"id": "apr_01jdqd5e6f7g8h9j0k1m2n3p4r", "status": "approved"},
             "reason": "Tell the spring campaign's leads about the new opening hours",
             "requestedBy": {"type": "api_key", "id": "tok_01jdq7a1b2c3d4e5f6g7h8j9k0", "name": "Website bot"},
             "createdAt": "2026-12-03T09:00:00Z", "updatedAt": "2026-12-03T09:06:00Z",
             "endedAt": "2026-12-03T09:06:00Z"}""")
    BatchView cancel(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        return batches.cancel(caller, id);
    }
}
