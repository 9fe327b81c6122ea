package com.polaris.operator.policy;

import com.polaris.operator.catalog.ToolKind;
import com.polaris.operator.workspace.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Why a tool's approvals might find nobody to decide them, worked out from its policy and the
 * workspace's members as they are now: a named reviewer who is no longer a member, reviewers nobody
 * holds, or a quorum the eligible members cannot reach once the requester (who never counts) is
 * left out. Such approvals escalate at once; the warnings say so before it happens.
 */
final class ReviewWarnings {

    private ReviewWarnings() {}

    static List<String> of(ToolKind kind, Policy policy, List<Member> members) {
        if (PolicyEngine.effective(kind, policy).approval() == ApprovalRule.NONE) {
            return List.of();
        }
        var warnings = new ArrayList<String>();
        check("reviewers", policy.defaultReviewers(), members, warnings);
        for (int i = 0; i < policy.routes().size(); i++) {
            check("routes[" + i + "]", policy.routes().get(i).reviewers(), members, warnings);
        }
        return List.copyOf(warnings);
    }

    private static void check(String where, Reviewers reviewers, List<Member> members, List<String> warnings) {
        Set<String> emails = members.stream().map(Member::email).collect(Collectors.toSet());
        for (String email : reviewers.members()) {
            if (!emails.contains(email)) {
                warnings.add(
                        "The reviewer " + email + " named in " + where + " is no longer a member of this workspace.");
            }
        }
        long eligible = members.stream()
                .filter(m -> reviewers.roles().contains(m.role())
                        || reviewers.members().contains(m.email()))
                .count();
        if (eligible == 0) {
            warnings.add("Nobody can decide the approvals of " + where
                    + ": no member holds the roles or is named there. They escalate to owners and admins at once.");
        } else if (eligible < reviewers.quorum()) {
            warnings.add("The quorum of " + reviewers.quorum() + " in " + where + " is more than the " + eligible
                    + " members who may decide. Its approvals escalate to owners and admins at once.");
        } else if (eligible == reviewers.quorum()) {
            warnings.add("Only " + eligible + " members may decide the approvals of " + where + " and the quorum is "
                    + reviewers.quorum() + ": when one of them proposes an action, the others cannot reach"
                    + " the quorum, because the requester never counts.");
        }
    }
}
