package com.polaris.operator.web;

import com.polaris.operator.action.ActionApprovals;
import com.polaris.operator.action.ActionApprovals.ApprovalView;
import com.polaris.operator.approval.ApprovalOrder;
import com.polaris.operator.catalog.Catalog;
import com.polaris.operator.policy.Policies;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import lombok.RequiredArgsConstructor;
import org.jspecify.annotations.Nullable;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The inbox page as {@link InboxPages} and {@link InboxSelection} show it: the cards of one page of
 * approvals ("For me": only those the member may still decide; or by status; newest first, or the
 * longest waiting first on the pending views), and for each tool with several approvals this member
 * may decide, a form that approves or rejects the selected ones together. Only a card the member may
 * decide gets a checkbox.
 */
@Component
@RequiredArgsConstructor
class InboxCards {

    /** The views of the inbox: what the member may still decide, then the approvals by status. */
    static final List<String> FILTERS =
            List.of(InboxView.FOR_ME, "pending", "approved", "rejected", "expired", "cancelled", "all");

    /**
     * Cards a page. A card is kept once rendered ({@link CardParts}), but each still costs its
     * look-ups and its place on the page, so a page's time grows with its cards (BENCHMARKS.md
     * (d)); 20 leave deciding together room.
     */
    private static final int PAGE = 20;

    private final ActionApprovals approvals;
    private final Catalog catalog;
    private final Policies policies;
    private final CardParts parts;
    private final InboxHeads heads;
    private final SelectionForms selectionForms;
    private final Clock clock;

    /**
     * Which view of the inbox a member sees: {@code filter} is one of {@link #FILTERS}; {@code order}
     * is oldest first ("Waiting longest") only on the pending views.
     */
    record InboxView(String filter, ApprovalOrder order) {

        static final String FOR_ME = "for-me";
        static final InboxView PENDING = new InboxView("pending", ApprovalOrder.NEWEST);

        public boolean pendingView() {
            return filter.equals(FOR_ME) || filter.equals("pending");
        }

        public String sort() {
            return order.wire();
        }
    }

    /**
     * The view asked for: {@code for=me} or a known {@code status}; otherwise "For me" for a member
     * who may decide approvals (by role, or named on some tool's reviewers), else all pending ones.
     */
    InboxView view(ConsoleMember me, @Nullable String status, @Nullable String forWhom, @Nullable String sort) {
        String filter;
        if ("me".equals(forWhom)) {
            filter = InboxView.FOR_ME;
        } else if (status != null && FILTERS.contains(status)) {
            filter = status;
        } else {
            filter = me.canDecide() || approvals.decidableCount(me.caller()) > 0 ? InboxView.FOR_ME : "pending";
        }
        var view = new InboxView(filter, ApprovalOrder.NEWEST);
        return view.pendingView() && "oldest".equals(sort) ? new InboxView(filter, ApprovalOrder.OLDEST) : view;
    }

    /**
     * The approvals of one tool this member may decide on the page, and the form that decides the
     * selected ones together (element id {@code formId}).
     */
    record Selection(String tool, String title, List<String> ids) {

        public String formId() {
            return formId(tool);
        }

        public String reasonId() {
            return "bulk-reason-" + tool;
        }

        static String formId(String tool) {
            return "bulk-" + tool;
        }
    }

    /**
     * The inbox filtered by {@code filter}; {@code failed}, when a decision on it was refused, is
     * listed first even when it is not on this page, so its form can show what needs fixing.
     */
    String show(ConsoleMember me, String filter, @Nullable String cursor, @Nullable ApprovalView failed, Model model) {
        return show(me, new InboxView(filter, ApprovalOrder.NEWEST), cursor, failed, Set.of(), null, null, model);
    }

    /**
     * {@link #show(ConsoleMember, String, String, ApprovalView, Model)} with the approvals in {@code
     * selected} ticked, and every approval of the tool {@code selectAllOf} when it is not null.
     * {@code formOf}, when not null, is a tool whose form for deciding together came back with
     * errors: it is shown even when that tool has fewer than two cards here.
     */
    String show(
            ConsoleMember me,
            InboxView view,
            @Nullable String cursor,
            @Nullable ApprovalView failed,
            Set<String> selected,
            @Nullable String selectAllOf,
            @Nullable String formOf,
            Model model) {
        Instant now = clock.instant();
        String filter = view.filter();
        boolean forMe = filter.equals(InboxView.FOR_ME);
        var page = approvals.inbox(
                me.caller(),
                forMe ? "pending" : "all".equals(filter) ? null : filter,
                forMe,
                view.order(),
                Cursors.page(cursor, PAGE));
        // What a card shows of its tool (title, highlighted arguments) is looked up once per tool of the page.
        var tools = new HashMap<String, ToolOnPage>();
        Function<ApprovalView, ApprovalCard> card = a -> {
            var tool = tools.computeIfAbsent(a.action().tool(), t -> toolOnPage(me, t));
            return ApprovalCard.of(me, a, tool.title(), now, tool.highlight());
        };
        var cards = new ArrayList<>(
                page.items().stream().filter(a -> a.action() != null).map(card).toList());
        model.addAttribute(
                "batchApprovals",
                page.items().stream().filter(a -> a.batch() != null).toList());
        if (failed != null
                && failed.action() != null
                && cards.stream().noneMatch(c -> c.approval().id().equals(failed.id()))) {
            cards.addFirst(card.apply(failed));
        }
        var selections = selections(me, cards, formOf, tools);
        var formOfCard = new HashMap<String, String>();
        var ticked = new HashSet<>(selected);
        for (Selection selection : selections) {
            selection.ids().forEach(id -> formOfCard.put(id, selection.formId()));
            if (selection.tool().equals(selectAllOf)) {
                ticked.addAll(selection.ids());
            }
        }
        var shown = page(model);
        model.addAttribute("cards", cards);
        model.addAttribute("cardsHtml", parts.of(cards, formOfCard, ticked, shown));
        model.addAttribute("selectionsHtml", selectionForms.html(selections, shown));
        model.addAttribute(
                "links", InboxLinks.of(view, shown.contextPath(), ListPages.filter(cursor) != null, page.nextCursor()));
        model.addAttribute(
                "inboxHead",
                heads.html(
                        view,
                        shown.contextPath(),
                        model.getAttribute("nav") instanceof ConsoleAdvice.Navigation nav ? nav.pendingShown() : ""));
        model.addAttribute("single", false);
        model.addAttribute("filter", filter);
        model.addAttribute("view", view);
        if (!model.containsAttribute("typed")) {
            model.addAttribute("typed", Map.of());
        }
        return "inbox";
    }

    /** One approval on a page of its own, whatever its status or place in the inbox: where links to it lead. */
    String showOne(ConsoleMember me, ApprovalView approval, Model model) {
        var tool = toolOnPage(me, approval.action().tool());
        var cards = List.of(ApprovalCard.of(me, approval, tool.title(), clock.instant(), tool.highlight()));
        var shown = page(model);
        var view = new InboxView("all", ApprovalOrder.NEWEST);
        model.addAttribute("cards", cards);
        model.addAttribute("cardsHtml", parts.of(cards, Map.of(), Set.of(), shown));
        model.addAttribute("single", true);
        model.addAttribute("selectionsHtml", "");
        model.addAttribute("links", InboxLinks.of(view, shown.contextPath(), false, null));
        model.addAttribute("filter", "all");
        model.addAttribute("view", view);
        if (!model.containsAttribute("typed")) {
            model.addAttribute("typed", Map.of());
        }
        return "inbox";
    }

    /**
     * Tools with two or more approvals this member may decide here (and the one whose form has
     * errors), in page order. Deciding together is for the reviewing roles, as the service's
     * {@code decide} of several is: a viewer named as a reviewer decides one card at a time.
     */
    private List<Selection> selections(
            ConsoleMember me, List<ApprovalCard> cards, @Nullable String formOf, Map<String, ToolOnPage> tools) {
        if (!me.canDecide()) {
            return List.of();
        }
        var byTool = new LinkedHashMap<String, List<String>>();
        for (ApprovalCard card : cards) {
            if (card.mayDecide()) {
                byTool.computeIfAbsent(card.action().tool(), t -> new ArrayList<>())
                        .add(card.approval().id());
            }
        }
        if (formOf != null) {
            byTool.putIfAbsent(formOf, List.of());
        }
        return byTool.entrySet().stream()
                .filter(e -> e.getValue().size() > 1 || e.getKey().equals(formOf))
                .map(e -> new Selection(
                        e.getKey(),
                        tools.computeIfAbsent(e.getKey(), t -> toolOnPage(me, t))
                                .title(),
                        List.copyOf(e.getValue())))
                .toList();
    }

    /**
     * What this request's cards are shown with: the errors and typed text of a form that came back
     * (the model's {@code errors} and {@code typed}), the session's CSRF token, the context path.
     */
    @SuppressWarnings("unchecked")
    private static CardParts.Page page(Model model) {
        HttpServletRequest request =
                ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
        return new CardParts.Page(
                model.getAttribute("errors") instanceof FormErrors errors ? errors : FormErrors.none(),
                model.getAttribute("typed") instanceof Map<?, ?> typed ? (Map<String, String>) typed : Map.of(),
                (CsrfToken) request.getAttribute(CsrfToken.class.getName()),
                request.getContextPath());
    }

    /** What the cards of a tool show of it: its title and the arguments its policy highlights. */
    private record ToolOnPage(String title, List<String> highlight) {}

    private ToolOnPage toolOnPage(ConsoleMember me, String tool) {
        return new ToolOnPage(
                ApprovalCard.title(me, catalog, tool),
                policies.current(me.workspaceId(), tool).policy().review().highlight());
    }
}
