package com.polaris.operator.web;

import com.polaris.operator.workspace.Members;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The sign-in page and, for a person whose password matched members of several workspaces, the
 * page that asks which workspace to enter. Spring Security handles the sign-in POST, the session
 * and signing out.
 */
@Controller
@RequiredArgsConstructor
class SignInPage {

    private final Members members;
    private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    @GetMapping("/login")
    String login(@Nullable HttpSession session, Model model) {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.isAuthenticated()
                && authentication.getPrincipal() instanceof ConsoleSecurity.SignedIn
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            return "redirect:/approvals";
        }
        if (session != null
                && session.getAttribute(WebAttributes.AUTHENTICATION_EXCEPTION)
                        instanceof ConsoleSecurity.SignInsThrottled throttled) {
            model.addAttribute("retryMinutes", (throttled.retryAfterSeconds() + 59) / 60);
        }
        return "login";
    }

    /** Lists the workspaces the password signed in to, each a button that enters it. */
    @GetMapping(ConsoleSecurity.CHOOSE_WORKSPACE)
    String chooseWorkspace(Authentication authentication, Model model) {
        if (!(authentication.getPrincipal() instanceof ConsoleSecurity.ChoosingWorkspace choosing)) {
            return "redirect:/approvals";
        }
        model.addAttribute("workspaces", choosing.workspaces());
        return "choose-workspace";
    }

    /**
     * Enters the chosen workspace, one of those the password matched: the session becomes that
     * member's (with a new id), and the member goes to the page they first asked for. A workspace
     * not offered is asked again; a member removed meanwhile must sign in again.
     */
    @PostMapping(ConsoleSecurity.CHOOSE_WORKSPACE)
    @Nullable
    String choose(
            @RequestParam(required = false) @Nullable String workspaceId,
            Authentication authentication,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException, ServletException {
        if (!(authentication.getPrincipal() instanceof ConsoleSecurity.ChoosingWorkspace choosing)) {
            return "redirect:/approvals";
        }
        var choice = choosing.workspaces().stream()
                .filter(w -> w.workspaceId().equals(workspaceId))
                .findFirst();
        if (choice.isEmpty()) {
            return "redirect:" + ConsoleSecurity.CHOOSE_WORKSPACE;
        }
        var member = members.member(choice.get().workspaceId(), choice.get().memberId());
        if (member.isEmpty()) {
            request.getSession().invalidate();
            return "redirect:/login?error";
        }
        Authentication signedIn = ConsoleSecurity.member(member.get());
        request.changeSessionId();
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(signedIn);
        SecurityContextHolder.setContext(context);
        contexts.saveContext(context, request, response);
        ConsoleSecurity.afterSignIn().onAuthenticationSuccess(request, response, signedIn);
        return null;
    }
}
