package com.polaris.operator.web;

import com.polaris.operator.action.ActionApprovals;
import com.polaris.operator.action.ActionService;
import com.polaris.operator.api.ApiProblem;
import com.polaris.operator.api.CappedCount;
import com.polaris.operator.api.Problems;
import com.polaris.operator.catalog.ToolInUse;
import com.polaris.operator.notification.Notifications;
import com.polaris.operator.workspace.UsageMeter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.Map;
import lombok.RequiredArgsConstructor;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shares: the signed-in member, the counts on the navigation and the bell, the usage
 * banner; and failures shown as a page in words instead of the API's problem JSON. It is ordered
 * before the API's problem advice and applies only to the console's controllers.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
@RequiredArgsConstructor
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);

    private final ConsoleMemberResolver members;
    private final ActionApprovals approvals;
    private final ActionService actions;
    private final UsageMeter usage;
    private final Notifications notifications;
    private final ConsoleHeader headers;

    /**
     * The counts and banner of the navigation, for pages shown to a signed-in member: approvals
     * waiting, actions failed or needing review, unread notifications (each counted up to {@link
     * CappedCount#LIMIT}), and this month's proposals when the workspace has used them all.
     */
    record Navigation(
            long pendingApprovals,
            long needsAttention,
            long unreadNotifications,
            UsageMeter.@Nullable LimitReached limitReached) {

        public String pendingShown() {
            return CappedCount.shown(pendingApprovals);
        }

        public String needsAttentionShown() {
            return CappedCount.shown(needsAttention);
        }

        public String unreadShown() {
            return CappedCount.shown(unreadNotifications);
        }
    }

    @ModelAttribute
    void shared(HttpServletRequest request, Model model) {
        model.addAttribute("errors", FormErrors.none());
        model.addAllAttributes(signedIn(request));
    }

    @ExceptionHandler(ApiProblem.class)
    ModelAndView problem(ApiProblem problem, HttpServletRequest request) {
        var page = page(request, Problems.status(problem), headline(problem), problem.getMessage());
        page.addObject("fieldErrors", problem.errors());
        return page;
    }

    /** A custom action that cannot change while approved actions of it run: the same page as any other 409. */
    @ExceptionHandler(ToolInUse.class)
    ModelAndView inUse(ToolInUse refused, HttpServletRequest request) {
        return page(request, HttpStatus.CONFLICT, "This has changed in the meantime", refused.getMessage());
    }

    /**
     * A session whose member is gone (removed from the workspace since signing in) is ended, and the
     * browser sent to sign in again.
     */
    @ExceptionHandler(InsufficientAuthenticationException.class)
    String signedOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        return "redirect:/login";
    }

    /**
     * A request whose parameters cannot even be read (bytes that are not UTF-8) or bound (forms read
     * their fields themselves, so only a hand-made request gets here) is refused as such, not
     * answered with a failure of ours.
     */
    @ExceptionHandler({
        ServletRequestBindingException.class,
        TypeMismatchException.class,
        InvalidParameterException.class
    })
    ModelAndView unreadable(Exception e, HttpServletRequest request) {
        return page(
                request,
                HttpStatus.BAD_REQUEST,
                "This form could not be read",
                "Some of what was sent is missing or not in the expected form. Go back, reload the page and try again.");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request) {
        String reference = Long.toHexString(System.nanoTime());
        log.error("Unexpected failure in the console, reference {}", reference, e);
        return page(
                request,
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side",
                "Please try again. If it keeps happening, quote this reference: " + reference + ".");
    }

    ModelAndView page(HttpServletRequest request, HttpStatus status, String headline, @Nullable String detail) {
        var page = new ModelAndView("error", status);
        page.addObject("headline", headline);
        page.addObject("detail", detail);
        page.addAllObjects(signedIn(request));
        return page;
    }

    /** The signed-in member ({@code me}), their navigation ({@code nav}) and header; nothing when nobody is signed in. */
    private Map<String, Object> signedIn(HttpServletRequest request) {
        ConsoleMember me = members.current(request);
        if (me == null) {
            return Map.of();
        }
        var nav = navigation(me);
        return Map.of("me", me, "nav", nav, "header", headers.of(me, nav, request));
    }

    private Navigation navigation(ConsoleMember me) {
        return new Navigation(
                approvals.pendingCount(me.caller()),
                actions.countNeedingAttention(me.workspaceId()),
                notifications.unreadCount(me.caller()),
                usage.limitReached(me.workspaceId()).orElse(null));
    }

    private static String headline(ApiProblem problem) {
        return switch (problem.kind()) {
            case NOT_ALLOWED -> "You can't do this";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "This has changed in the meantime";
            case INVALID, MALFORMED -> "Some details need fixing";
            case TOO_MANY -> "Usage limit reached";
            default -> problem.title();
        };
    }
}
