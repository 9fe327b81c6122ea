package com.polaris.operator.workspace;

import com.polaris.operator.api.ApiExamples;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.Page;
import com.polaris.operator.api.PageRequest;
import com.polaris.operator.api.ProblemAnswers;
import com.polaris.operator.api.ProblemType;
import com.polaris.operator.identity.Caller;
import com.polaris.operator.identity.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The workspace's members: added, listed, given another role and removed by owners and admins. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Identities")
@RequiredArgsConstructor
class MemberController {

    private final Members members;

    record MemberRequest(
            @Nullable String email,
            @Nullable String name,
            @Nullable String role,
            @Nullable String password) {}

    record MemberAnswer(String id, String email, String name, Role role, Instant createdAt) {
        static MemberAnswer of(Member m) {
            return new MemberAnswer(m.id(), m.email(), m.name(), m.role(), m.createdAt());
        }
    }

    record RoleRequest(@Nullable String role) {}

    @PostMapping("/members")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a member (owners, admins)", description = """
                    {"email", "name", "role" (owner, admin, reviewer or viewer), "password" (10 characters to \
                    72 bytes)}: the member signs in with that password in this workspace. The answer never \
                    carries the password. The same email twice in one workspace is 409 member-exists; the \
                    same person may be a member of other workspaces.""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.MEMBER_EXISTS})
    @ApiExamples(request = """
                    {"email": "marta@acme.test", "name": "Marta Gil", "role": "reviewer",
                     "password": "a long enough password"}""", response = """
                    {"id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "email": "marta@acme.test", "name": "Marta Gil",
                     "role": "reviewer", "createdAt": "2026-11-02T09:00:00Z"}""")
    MemberAnswer createMember(@AuthenticationPrincipal Caller caller, @RequestBody MemberRequest request) {
        caller.requireConfigurer();
        var errors = new ArrayList<ApiProblem.FieldProblem>();
        IdentityFields.email(errors, "email", request.email());
        IdentityFields.required(errors, "name", request.name());
        IdentityFields.password(errors, "password", request.password());
        if (request.role() == null || Role.parse(request.role()).isEmpty()) {
            errors.add(new ApiProblem.FieldProblem("role", "must be one of owner, admin, reviewer, viewer"));
        }
        IdentityFields.fail(errors);
        return MemberAnswer.of(members.createMember(
                caller, request.email(), request.name().trim(), Role.fromWire(request.role()), request.password()));
    }

    @GetMapping("/members")
    @Operation(
            summary = "List members (owners, admins)",
            description = "The workspace's members: id, email, name, role and when they were added.")
    @ProblemAnswers(ProblemType.FORBIDDEN)
    @ApiExamples(response = """
            {"items": [{"id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "email": "marta@acme.test", "name": "Marta Gil",
                     "role": "reviewer", "createdAt": "2026-11-02T09:00:00Z"}], "nextCursor": null}""")
    Page<MemberAnswer> members(@AuthenticationPrincipal Caller caller, PageRequest page) {
        return members.members(caller, page).map(MemberAnswer::of);
    }

    @PatchMapping("/members/{id}")
    @Operation(summary = "Change a member's role (owners, admins)", description = """
                    {"role": "owner" | "admin" | "reviewer" | "viewer"}; answers the member. Only an owner \
                    makes an owner or changes one (403); the workspace's last owner cannot be demoted (409 \
                    last-owner).""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.LAST_OWNER})
    @ApiExamples(request = """
                    {"role": "admin"}""", response = """
                    {"id": "mem_01jdq6r2s3t4v5w6x7y8z9a0b1", "email": "marta@acme.test", "name": "Marta Gil",
                     "role": "admin", "createdAt": "2026-11-02T09:00:00Z"}""")
    MemberAnswer changeRole(
            @AuthenticationPrincipal Caller caller, @PathVariable String id, @RequestBody RoleRequest request) {
        caller.requireConfigurer();
        Role role = Role.parse(request.role() == null ? "" : request.role())
                .orElseThrow(() -> ApiProblem.invalid("role", "must be one of owner, admin, reviewer, viewer"));
        return MemberAnswer.of(members.changeRole(caller, id, role));
    }

    @DeleteMapping("/members/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Remove a member (owners, admins)", description = """
                    The member can no longer sign in here and their tokens stop working; what they did stays \
                    in the audit log. The workspace's last owner cannot be removed (409 last-owner).""")
    @ProblemAnswers({ProblemType.FORBIDDEN, ProblemType.NOT_FOUND, ProblemType.LAST_OWNER})
    void removeMember(@AuthenticationPrincipal Caller caller, @PathVariable String id) {
        members.removeMember(caller, id);
    }
}
