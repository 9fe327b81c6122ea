package com.polaris.operator.web;

import com.polaris.operator.approval.ApprovalOrder;
import com.polaris.operator.web.InboxCards.InboxView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The inbox's own links for one view, worked out once here rather than by the page: its filters, its
 * two orders (on the pending views) and its pager, back to the first page ({@code first}, null on
 * the first page) and on to the next ({@code next}, null on the last). Each keeps the view's filter,
 * and the pager its order.
 */
record InboxLinks(
        List<Link> filters,
        Link newestFirst,
        Link oldestFirst,
        @Nullable Link first,
        @Nullable Link next) {

    /** A link: where it goes, its words, and whether it is the view shown. */
    record Link(String href, String label, boolean current) {}

    /** The links of {@code view} under {@code contextPath}; {@code paged}: this is not its first page. */
    static InboxLinks of(InboxView view, String contextPath, boolean paged, @Nullable String nextCursor) {
        String filter = view.filter();
        boolean oldest = view.order() == ApprovalOrder.OLDEST;
        String sorted = "&sort=" + view.sort();
        return new InboxLinks(
                InboxCards.FILTERS.stream()
                        .map(f -> new Link(
                                href(contextPath, f, ""), f.equals(InboxView.FOR_ME) ? "For me" : f, f.equals(filter)))
                        .toList(),
                new Link(href(contextPath, filter, ""), "Newest first", !oldest),
                new Link(href(contextPath, filter, "&sort=oldest"), "Waiting longest", oldest),
                paged
                        ? new Link(
                                href(contextPath, filter, sorted),
                                oldest ? "Longest waiting" : "Newest approvals",
                                false)
                        : null,
                nextCursor == null
                        ? null
                        : new Link(
                                href(
                                        contextPath,
                                        filter,
                                        sorted + "&cursor=" + URLEncoder.encode(nextCursor, StandardCharsets.UTF_8)),
                                oldest ? "More recent approvals" : "Older approvals",
                                false));
    }

    private static String href(String contextPath, String filter, String more) {
        return contextPath + "/approvals?" + (filter.equals(InboxView.FOR_ME) ? "for=me" : "status=" + filter) + more;
    }
}
