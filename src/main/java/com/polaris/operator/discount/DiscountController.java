package com.polaris.operator.discount;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.api.RecordEndpoints;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading discounts: every member and integration key of the workspace may. */
@RestController
@Tag(name = "Discounts", description = "Discounts that apply_discount made.")
@RequestMapping("/api/v1/discounts")
class DiscountController extends RecordEndpoints<Discount> {

    DiscountController(Discounts discounts) {
        super("Discount", discounts);
    }

    @Override
    @GetMapping("/{id}")
    @Operation(
            summary = "Read a discount",
            description = "A discount that apply_discount made; another workspace's is 404.")
    @ProblemAnswers(ProblemType.NOT_FOUND)
    @ApiExamples(response = """
            {"id": "dsc_01jdq8x7f8g9h0j1k2m3n4p5q6", "customer": "Ana Ruiz", "percent": 15, "reason": "Loyal customer", "code": "ANA15", "validUntil": "2026-12-31", "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81", "createdAt": "2026-11-23T10:31:02Z"}""")
    public Discount one(
            @AuthenticationPrincipal(expression = "workspaceId()") String workspaceId, @PathVariable String id) {
        return super.one(workspaceId, id);
    }

    @Override
    @GetMapping
    @Operation(
            summary = "List discounts, newest first",
            description = "The workspace's discounts, optionally of one conversation.")
    @ApiExamples(response = """
            {"items": [{"id": "dsc_01jdq8x7f8g9h0j1k2m3n4p5q6", "customer": "Ana Ruiz", "percent": 15, "reason": "Loyal customer", "code": "ANA15", "validUntil": "2026-12-31", "actionId": "act_01jdq8x3m5a2b7c9d4e6f8g0h1", "conversationId": "conv_81", "createdAt": "2026-11-23T10:31:02Z"}], "nextCursor": null}""")
    public Page<Discount> list(
            @AuthenticationPrincipal(expression = "workspaceId()") String workspaceId,
            @RequestParam(required = false) @Nullable String conversationId,
            PageRequest page) {
        return super.list(workspaceId, conversationId, page);
    }
}
