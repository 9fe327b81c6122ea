package com.polaris.operator.policy;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Policy JSON as the OpenAPI document describes it: what {@link PolicyJson} reads and writes. Not
 * used at run time; {@link Policy} is the policy.
 */
@Schema(name = "Policy", description = "A tool's execution and review rules (Policy JSON). Unknown fields are refused.")
record PolicyJsonSchema(
        @Schema(
                requiredMode = Schema.RequiredMode.REQUIRED,
                allowableValues = {"required", "optional", "none"})
        String approval,

        @Schema(
                description = "Only with approval optional: a CEL condition over args, conversation, requestedBy, tool "
                        + "and now; approval is asked when it holds, or when it cannot be evaluated (fail closed). "
                        + "At most 1,000 characters, compiled and type-checked on save.",
                example = "args.percent > 15 || conversation.channel == 'whatsapp'")
        @Nullable
        String approvalWhen,

        @Schema(
                requiredMode = Schema.RequiredMode.REQUIRED,
                allowableValues = {"immediate", "background"})
        String execution,

        @Schema(description = "Runs only inside the workspace's business hours", defaultValue = "false")
        boolean businessHours,

        @Nullable Retry retry,

        @Schema(
                description = "Who decides when no route applies; absent: any owner, admin or reviewer, quorum 1."
                        + " Present: only what it names decides.")
        @Nullable
        Reviewers reviewers,

        @ArraySchema(
                maxItems = 20,
                arraySchema = @Schema(description = "The first route whose condition holds picks the reviewers"))
        @Nullable
        List<Route> routes,

        @Schema(
                description = "ISO-8601 duration an approval waits before it expires (default PT168H)",
                example = "PT72H")
        @Nullable
        String approvalExpiresAfter,

        @Schema(
                description = "ISO-8601 duration after which those who may still decide are reminded (off when absent)",
                example = "PT4H")
        @Nullable
        String remindAfter,

        @Schema(
                description = "ISO-8601 duration after which owners and admins are added and told (off when absent)",
                example = "PT24H")
        @Nullable
        String escalateAfter,

        @Nullable Review review,

        @Schema(
                description = "How an action the operator prepared from a conversation is decided: review (it waits"
                        + " for a person even when the tool needs no approval, and no standing approval applies) or"
                        + " policy (like any other proposal)",
                allowableValues = {"review", "policy"},
                defaultValue = "review")
        @Nullable
        String preparedByOperator,

        @Schema(
                description = "A batch with more items than this needs one approval even when single actions do not",
                minimum = "0",
                maximum = "10000",
                defaultValue = "1")
        @Nullable
        Integer bulkApprovalAbove) {

    record Retry(
            @Schema(minimum = "1", maximum = "20", defaultValue = "5")
            int maxAttempts) {}

    @Schema(name = "Reviewers")
    record Reviewers(
            @ArraySchema(schema = @Schema(allowableValues = {"owner", "admin", "reviewer"})) @Nullable
            List<String> roles,

            @ArraySchema(maxItems = 50, schema = @Schema(description = "A member's email; decides whatever their role"))
            @Nullable
            List<String> members,

            @Schema(
                    description = "Distinct eligible members who must approve; the requester never counts",
                    minimum = "1",
                    maximum = "20",
                    defaultValue = "1")
            @Nullable
            Integer quorum) {}

    @Schema(name = "Route")
    record Route(
            @Schema(
                    requiredMode = Schema.RequiredMode.REQUIRED,
                    maxLength = 1000,
                    description = "CEL condition over args, conversation, requestedBy, tool and now",
                    example = "args.percent > 30")
            String when,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            Reviewers reviewers) {}

    @Schema(name = "Review", description = "What reviewers see first")
    record Review(
            @Schema(
                    maxLength = 500,
                    description = "A sentence with {{args.name}} placeholders",
                    example = "Apply {{args.percent}}% off for {{args.customer}}")
            @Nullable
            String summary,

            @ArraySchema(maxItems = 20, schema = @Schema(description = "An argument name shown first")) @Nullable
            List<String> highlight,

            @ArraySchema(
                    schema =
                            @Schema(
                                    allowableValues = {"reason", "conversation"},
                                    description = "A request field the agent must send (422 otherwise)"))
            @Nullable
            List<String> requireContext,

            @Schema(minimum = "0", maximum = "50", defaultValue = "10") @Nullable
            Integer conversationMessages) {}
}
